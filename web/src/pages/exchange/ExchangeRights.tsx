// Administration: access rights — which client subsystem may call which service for which
// purpose (grant with an optional legal basis, revoke; the gateway refuses at once).
import { useState } from 'preact/hooks';
import { get, post } from '../../api';
import { fmtDateTime } from '../../format';
import { t, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import { ActionNotices } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';
import type { XrMember, XrRight, XrService } from './types';

export function ExchangeRights() {
  useLang();
  const [filter, setFilter] = useState('');
  const q = useLoad(() => get('/api/v1/admin/exchange/rights', { query: { client: filter || undefined } }), [filter]);
  const members = useLoad(() => get('/api/v1/admin/exchange/members'));
  const services = useLoad(() => get('/api/v1/admin/exchange/services'));
  const rights: XrRight[] = q.data?.rights ?? [];
  const memberList: XrMember[] = members.data?.members ?? [];
  const serviceList: XrService[] = services.data?.services ?? [];

  const [client, setClient] = useState('');
  const [service, setService] = useState('');
  const [purpose, setPurpose] = useState('');
  const [legal, setLegal] = useState('');
  const grant = useAction();
  const revoke = useAction();
  const chosenClient = client || memberList[0]?.id || '';
  const chosenService = service || serviceList[0]?.id || '';
  const purposes = serviceList.find((s) => s.id === chosenService)?.purposes ?? [];
  const chosenPurpose = purposes.includes(purpose) ? purpose : (purposes[0] ?? '');
  const memberName = (id: string) => memberList.find((m) => m.id === id)?.name_zh ?? '';
  const serviceName = (id: string) => serviceList.find((s) => s.id === id)?.name_zh ?? '';

  const submit = async (e: Event) => {
    e.preventDefault();
    await grant.run(async () => {
      await post('/api/v1/admin/exchange/rights', { body: { client: chosenClient, service: chosenService, purpose: chosenPurpose, legal_basis: legal.trim() || undefined } });
      q.reload();
      return t('xr_right_granted');
    });
  };
  const revokeRight = (r: XrRight) =>
    revoke.run(async () => {
      await post('/api/v1/admin/exchange/rights/revoke', { body: { client: r.client, service: r.service, purpose: r.purpose } });
      q.reload();
      return t('xr_right_revoked');
    });

  return (
    <Page title={t('xr_rights_title')}>
      <form class="card form" onSubmit={submit} noValidate>
        <h2 class="h3">{t('xr_right_grant')}</h2>
        <ActionNotices action={grant} />
        <Select name="client" label={t('xr_client')} value={chosenClient} onChange={setClient} options={memberList.map((m) => [m.id, `${m.name_zh} (${m.id})`])} />
        <Select name="service" label={t('xr_service')} value={chosenService} onChange={setService} options={serviceList.map((s) => [s.id, `${s.name_zh} (${s.id})`])} />
        <Select name="purpose" label={t('xr_purpose')} value={chosenPurpose} onChange={setPurpose} options={purposes.map((p) => [p, p])} />
        <Field name="legal_basis" label={t('xr_legal_basis')} hint={t('xr_right_legal_hint')} value={legal} onInput={setLegal} optional />
        <Button type="submit" busy={grant.busy}>
          {t('xr_right_grant')}
        </Button>
      </form>
      <div class="card form">
        <Select name="filter_client" label={t('xr_filter_client')} value={filter} onChange={setFilter} options={[['', t('xr_all')], ...memberList.map((m): [string, string] => [m.id, m.name_zh])]} />
      </div>
      <ActionNotices action={revoke} />
      <LoadStatus q={q} empty={!rights.length} />
      {rights.length > 0 && (
        <DataTable headers={[t('xr_client'), t('xr_service'), t('xr_purpose'), t('xr_legal_basis'), t('xr_granted_by'), <span class="sr-only">{t('xr_right_revoke')}</span>]}>
          {rights.map((r) => (
            <tr key={r.client + r.service + r.purpose} data-right={`${r.client} ${r.service} ${r.purpose}`}>
              <td>
                {memberName(r.client)}
                <br />
                <code class="small">{r.client}</code>
              </td>
              <td>
                {serviceName(r.service)}
                <br />
                <code class="small">{r.service}</code>
              </td>
              <td>{r.purpose}</td>
              <td class="small">{r.legal_basis}</td>
              <td class="small">{fmtDateTime(r.granted_at)}</td>
              <td>
                <Button kind="danger" onClick={() => revokeRight(r)} aria-label={`${t('xr_right_revoke')} ${r.client} ${r.service} ${r.purpose}`}>
                  {t('xr_right_revoke')}
                </Button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Page>
  );
}
