// Administration: the audit log — who did what to whose data, with masked names, event names in
// words, filters (who, whose, event, time) and paging — and the check of its hash chain.
import { useEffect, useState } from 'preact/hooks';
import { fieldError, get, type ItemOf, type ResponseOf } from '../../api';
import { fmtDateTime } from '../../format';
import { t, tMaybe, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Notice } from '../../components/feedback/Notice';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { useAction } from '../../hooks/useAction';

type Entry = ItemOf<'/api/v1/admin/audit', 'entries'>;

/** Event families offered by the filter (a prefix ending in "." matches the whole family). */
const FAMILIES = ['', 'login.', 'person.', 'role.', 'pii.read', 'healthcode.', 'trace.', 'hall.', 'hospital.', 'exchange.', 'oidc.', 'place.', 'enterprise.', 'community.', 'issuer_key.'] as const;

/** An audit action ("pii.read") in words, the code kept for the precise reader. */
export function actionWords(action: string): string {
  const exact = tMaybe(`audit_${action.replace(/\./g, '_')}`);
  if (exact) return exact;
  const family = tMaybe(`audit_family_${action.split('.')[0]}`);
  return family ? `${family}（${action}）` : action;
}

function who(name: string | null | undefined, id: string): string {
  if (name) return name;
  if (!id) return '—';
  if (id === 'system') return t('audit_system');
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

export function AdminAudit() {
  useLang();
  const [actor, setActor] = useState('');
  const [subject, setSubject] = useState('');
  const [action, setAction] = useState<(typeof FAMILIES)[number]>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [entries, setEntries] = useState<Entry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [verify, setVerify] = useState<ResponseOf<'/api/v1/admin/audit/verify'>>();
  const load = useAction();
  const check = useAction();

  const query = (before?: number) => {
    const q: Record<string, string | number> = { limit: 50 };
    if (actor.trim()) q.actor = actor.trim();
    if (subject.trim()) q.subject = subject.trim();
    if (action) q.action = action;
    if (from) q.from = from;
    if (to) q.to = to;
    if (before) q.before = before;
    return q;
  };
  const search = (before?: number) =>
    load.run(async () => {
      const r = await get('/api/v1/admin/audit', { query: query(before) as never });
      setEntries((old) => (before ? [...old, ...r.entries] : r.entries));
      setNext(r.next_before ?? null);
      setLoaded(true);
    });
  useEffect(() => {
    void search();
  }, []);

  return (
    <Page title={t('ad_audit_title')}>
      <Button busy={check.busy} onClick={() => check.run(async () => setVerify(await get('/api/v1/admin/audit/verify')))}>
        {t('ad_audit_verify')}
      </Button>
      {verify && (verify.ok ? <Notice kind="success">{t('ad_audit_ok', { n: verify.entries })}</Notice> : <Notice kind="error">{t('ad_audit_bad', { seq: verify.first_bad_seq, problem: verify.problem })}</Notice>)}
      <ErrorNotice error={check.error} />
      <form
        class="card form audit-filters"
        aria-label={t('audit_filters')}
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <Field label={t('audit_filter_actor')} name="actor" value={actor} onInput={setActor} hint={t('audit_filter_person_hint')} optional />
        <Field label={t('audit_filter_subject')} name="subject" value={subject} onInput={setSubject} optional />
        <Select label={t('ad_audit_action')} name="action" value={action} onChange={setAction} options={FAMILIES.map((f) => [f, f ? actionWords(f.replace(/\.$/, '')) : t('audit_all_events')])} />
        <Field label={t('audit_filter_from')} name="from" type="date" value={from} onInput={setFrom} error={fieldError(load.error, 'from')} optional />
        <Field label={t('audit_filter_to')} name="to" type="date" value={to} onInput={setTo} error={fieldError(load.error, 'to')} optional />
        <Button type="submit" busy={load.busy}>
          {t('audit_search')}
        </Button>
      </form>
      <ErrorNotice error={load.error} />
      {loaded && !entries.length && <p class="muted">{t('audit_none')}</p>}
      {entries.length > 0 && (
        <DataTable caption={t('ad_audit_title')} class="small audit-table" headers={[t('time'), t('ad_audit_actor'), t('ad_audit_action'), t('ad_audit_subject'), t('ad_audit_reason')]}>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td title={`#${e.seq}`}>{fmtDateTime(e.at)}</td>
              <td title={e.actor}>{who(e.actor_name, e.actor)}</td>
              <td title={e.action}>
                {actionWords(e.action)}
                {e.fields && <div class="muted small">{e.fields}</div>}
              </td>
              <td title={e.subject}>{who(e.subject_name, e.subject)}</td>
              <td>{e.reason}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {next && (
        <Button kind="secondary" busy={load.busy} onClick={() => void search(next)}>
          {t('audit_more')}
        </Button>
      )}
    </Page>
  );
}
