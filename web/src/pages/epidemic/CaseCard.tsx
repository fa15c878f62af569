// One case report: its facts, the official's decisions, and its contacts on demand.
import { post } from '../../api';
import { fmtDateTime } from '../../format';
import { t, tMaybe } from '../../i18n';
import { Button } from '../../components/Button';
import { Entry } from '../../components/Entry';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { useAction } from '../../hooks/useAction';
import type { Case, CaseStatus } from './types';
import { Contacts } from './Contacts';

export function caseStatusText(s: string): string {
  return tMaybe(`cs_${s}`) ?? s;
}

export function CaseCard({ c, open, onToggle, onChanged, canDecide }: { c: Case; open: boolean; onToggle: () => void; onChanged: (c: Case) => void; canDecide: boolean }) {
  const action = useAction();
  const params = { id: c.case_id };
  const setStatus = (status: CaseStatus) => action.run(async () => onChanged(await post('/api/v1/cases/{id}/status', { params, body: { status } })), status === 'confirmed' ? 'confirm' : 'exclude');
  const retrace = () => action.run(async () => onChanged(await post('/api/v1/cases/{id}/trace', { params })), 'trace');
  const contactsId = `contacts-${c.case_id}`;
  return (
    <li class={`card case case-${c.status}`} data-case={c.case_id}>
      <p class="case-head">
        <strong>{c.masked_name}</strong> <span class={`tag tag-case-${c.status}`}>{caseStatusText(c.status)}</span> <span class="muted small">{c.case_id}</span>
      </p>
      <dl class="kv small">
        <Entry term={t('cs_onset')}>{c.onset_date}</Entry>
        <Entry term={t('profile_region')}>{c.region}</Entry>
        {c.reporting_unit && (
          <Entry term={t('cs_unit')}>{c.reporting_unit}</Entry>
        )}
        <Entry term={t('cs_reported_at')}>{fmtDateTime(c.reported_at)}</Entry>
        <Entry term={t('cs_counts')} class="counts">{t('cs_counts_value', { close: c.close_contacts, secondary: c.secondary_contacts })}</Entry>
        <Entry term={t('cs_traced_at')}>{c.traced_at ? fmtDateTime(c.traced_at) : t('cs_not_traced')}</Entry>
        {c.note && (
          <Entry term={t('note')}>{c.note}</Entry>
        )}
      </dl>
      <div class="actions">
        {canDecide && c.status !== 'confirmed' && (
          <Button kind="secondary" busy={action.running === 'confirm'} onClick={() => setStatus('confirmed')}>
            {t('cs_confirm')}
          </Button>
        )}
        {canDecide && c.status !== 'excluded' && (
          <Button kind="secondary" busy={action.running === 'exclude'} onClick={() => setStatus('excluded')}>
            {t('cs_exclude')}
          </Button>
        )}
        {canDecide && (
          <Button kind="secondary" busy={action.running === 'trace'} onClick={retrace}>
            {t('cs_retrace')}
          </Button>
        )}
        {canDecide && (
          <Button kind="link" onClick={onToggle} aria-expanded={open ? 'true' : 'false'} aria-controls={contactsId}>
            {open ? t('cs_hide_contacts') : t('cs_trace')}
          </Button>
        )}
      </div>
      <ErrorNotice error={action.error} />
      {open && (
        <section id={contactsId} aria-label={t('cs_contacts')}>
          <h3>{t('cs_contacts')}</h3>
          <Contacts caseId={c.case_id} version={c.updated_at + (c.traced_at ?? '')} />
        </section>
      )}
    </li>
  );
}
