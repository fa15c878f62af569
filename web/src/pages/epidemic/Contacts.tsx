// The close and secondary contacts traced from one case, with the evidence of each contact.
import { get } from '../../api';
import { fmtDateTime } from '../../format';
import { t, useLang } from '../../i18n';
import { DataTable } from '../../components/DataTable';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Loading } from '../../components/feedback/Loading';
import { useLoad } from '../../hooks/useLoad';
import type { Contact, Evidence } from './types';
import { span } from './dates';

export function EvidenceTable({ evidence }: { evidence: Evidence[] }) {
  return (
    <table class="evidence">
      <thead>
        <tr>
          <th scope="col">{t('place')}</th>
          <th scope="col">{t('cs_case_time')}</th>
          <th scope="col">{t('cs_contact_time')}</th>
        </tr>
      </thead>
      <tbody>
        {evidence.map((e, j) => (
          <tr key={j}>
            <td>{e.place_name || e.place_id}</td>
            <td>
              {span(e.case_from, e.case_to, e.case_entry_only)}
              {e.case_entry_only && <span class="muted small"> （{t('cs_entry_only')}）</span>}
            </td>
            <td>
              {span(e.contact_from, e.contact_to, e.contact_entry_only)}
              {e.contact_entry_only && <span class="muted small"> （{t('cs_entry_only')}）</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Contacts({ caseId, version }: { caseId: string; version: string }) {
  useLang();
  const q = useLoad(() => get('/api/v1/cases/{id}/contacts', { params: { id: caseId } }), [caseId, version]);
  const contacts: Contact[] = q.data?.contacts ?? [];
  if (q.loading) return <Loading />;
  if (q.error) return <ErrorNotice error={q.error} />;
  if (!contacts.length) return <p class="muted">{t('cs_no_contacts')}</p>;
  return (
    <DataTable caption={t('cs_contacts')} class="contacts" headers={[t('masked_name'), t('cs_level'), t('cs_first_contact'), t('cs_evidence')]}>
      {contacts.map((c, i) => (
        <tr key={i} data-level={c.level}>
          <td>
            {c.masked_name}
            {c.via_masked_name && <span class="muted small"> {t('cs_via', { name: c.via_masked_name })}</span>}
          </td>
          <td>
            <span class={`tag tag-${c.level === 'close' ? 'high' : 'medium'}`}>{c.level === 'close' ? t('cs_level_close') : t('cs_level_secondary')}</span>
          </td>
          <td>{fmtDateTime(c.first_contact)}</td>
          <td>
            <EvidenceTable evidence={c.evidence ?? []} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
