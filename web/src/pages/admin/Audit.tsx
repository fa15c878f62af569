// Administration: the audit log and the check of its hash chain.
import { useState } from 'preact/hooks';
import { get, type ItemOf, type ResponseOf } from '../../api';
import { fmtDateTime } from '../../format';
import { t, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';

export function AdminAudit() {
  useLang();
  const q = useLoad(() => get('/api/v1/admin/audit', { query: { limit: 100 } }));
  const [verify, setVerify] = useState<ResponseOf<'/api/v1/admin/audit/verify'>>();
  const check = useAction();
  const entries: ItemOf<'/api/v1/admin/audit', 'entries'>[] = q.data?.entries ?? [];
  return (
    <Page title={t('ad_audit_title')}>
      <Button busy={check.busy} onClick={() => check.run(async () => setVerify(await get('/api/v1/admin/audit/verify')))}>
        {t('ad_audit_verify')}
      </Button>
      {verify && (verify.ok ? <Notice kind="success">{t('ad_audit_ok', { n: verify.entries })}</Notice> : <Notice kind="error">{t('ad_audit_bad', { seq: verify.first_bad_seq, problem: verify.problem })}</Notice>)}
      <ErrorNotice error={check.error} />
      <LoadStatus q={q} empty={!entries.length} />
      {entries.length > 0 && (
        <DataTable class="small" headers={['#', t('time'), t('ad_audit_actor'), t('ad_audit_action'), t('ad_audit_subject'), t('ad_audit_fields'), t('ad_audit_reason')]}>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td>{fmtDateTime(e.at)}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>{e.subject}</td>
              <td>{e.fields}</td>
              <td>{e.reason}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Page>
  );
}
