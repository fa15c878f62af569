// Administration: role grants, single sign-on client platforms, rules version, audit log.
import { useState } from 'preact/hooks';
import { del, get, post } from '../../api';
import { colourWord, fmtDateTime, roleName, t, useLang } from '../../i18n';
import { idNumberProblem } from '../../idcard';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ActionNotices, ErrorNotice } from '../../components/feedback/ErrorNotice';
import { LoadStatus, Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { Checkbox } from '../../components/form/Checkbox';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { TextArea } from '../../components/form/TextArea';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';

const ROLES = ['checkpoint_staff', 'community_worker', 'health_official', 'service_officer', 'department_system', 'admin'];

export function AdminUsers() {
  useLang();
  const [filter, setFilter] = useState('');
  const q = useLoad(() => get(`/api/v1/admin/grants${filter ? `?role=${filter}` : ''}`), [filter]);
  const [id, setId] = useState('');
  const [role, setRole] = useState('checkpoint_staff');
  const [scope, setScope] = useState('');
  const grant = useAction();
  const p = idNumberProblem(id);
  const grants: any[] = q.data?.grants ?? [];
  const submit = async (e: Event) => {
    e.preventDefault();
    if (p) return;
    await grant.run(async () => {
      await post('/api/v1/admin/grants', { id_number: id, role, scope });
      q.reload();
      return t('ad_granted');
    });
  };
  return (
    <Page title={t('ad_users_title')}>
      <form class="card form" onSubmit={submit} noValidate>
        <h2 class="h3">{t('ad_grant')}</h2>
        <ActionNotices action={grant} />
        <Field label={t('person_id_number')} value={id} onInput={(v) => setId(v.toUpperCase())} maxLength={18} error={id.length === 18 && p ? t(`err_id_${p}`) : undefined} />
        <Select label={t('ad_role')} value={role} onChange={setRole} options={ROLES.map((r) => [r, roleName(r)])} />
        <Field label={t('scope')} value={scope} onInput={setScope} hint={t('ad_scope_hint')} optional />
        <Button type="submit" busy={grant.busy}>
          {t('ad_grant')}
        </Button>
      </form>
      <div class="card form">
        <Select label={t('ad_filter_role')} value={filter} onChange={setFilter} options={[['', t('ad_all_roles')], ...ROLES.map((r): [string, string] => [r, roleName(r)])]} />
      </div>
      <LoadStatus q={q} empty={!grants.length} />
      {grants.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('ad_holder')}</th>
                <th scope="col">{t('ad_role')}</th>
                <th scope="col">{t('scope')}</th>
                <th scope="col">
                  <span class="sr-only">{t('ad_revoke')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {grants.map((g) => (
                <tr key={g.person_id + g.role + g.scope}>
                  <td>
                    {g.masked_name} <span class="muted">{g.masked_id}</span>
                  </td>
                  <td>{roleName(g.role)}</td>
                  <td>{g.scope || '—'}</td>
                  <td>
                    <RevokeButton grant={g} onDone={q.reload} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

/** Revoking needs the holder's ID number (the API identifies people by it); ask for it. */
function RevokeButton({ grant, onDone }: { grant: any; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [id, setId] = useState('');
  const [error, setError] = useState<unknown>();
  if (!open)
    return (
      <Button kind="link" onClick={() => setOpen(true)} aria-label={`${t('ad_revoke')} ${grant.masked_name} ${roleName(grant.role)}`}>
        {t('ad_revoke')}
      </Button>
    );
  return (
    <form
      class="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await del('/api/v1/admin/grants', { id_number: id, role: grant.role, scope: grant.scope });
          onDone();
          setOpen(false);
        } catch (err) {
          setError(err);
        }
      }}
    >
      <Field label={`${t('person_id_number')} (${grant.masked_id})`} value={id} onInput={(v) => setId(v.toUpperCase())} maxLength={18} />
      <Button type="submit" kind="danger">
        {t('ad_revoke')}
      </Button>
      <Button kind="link" onClick={() => setOpen(false)}>
        {t('cancel')}
      </Button>
      <ErrorNotice error={error} />
    </form>
  );
}

const SCOPES = ['openid', 'profile', 'real_name', 'masked_id'];

export function AdminClients() {
  useLang();
  const q = useLoad(() => get('/api/v1/admin/oidc/clients'));
  const [name, setName] = useState('');
  const [uris, setUris] = useState('');
  const [scopes, setScopes] = useState<string[]>(['openid', 'profile']);
  const add = useAction();
  const [created, setCreated] = useState<any>();
  const clients: any[] = q.data?.clients ?? [];
  const submit = async (e: Event) => {
    e.preventDefault();
    await add.run(async () => {
      setCreated(undefined);
      const r = await post('/api/v1/admin/oidc/clients', { name: name.trim(), redirect_uris: uris.split('\n').map((s) => s.trim()).filter(Boolean), scopes });
      setCreated(r);
      q.reload();
    });
  };
  return (
    <Page title={t('ad_clients_title')}>
      <form class="card form" onSubmit={submit} noValidate>
        {created && <Notice kind="success">{t('ad_client_created', { id: created.client_id, secret: created.client_secret })}</Notice>}
        <ErrorNotice error={add.error} />
        <Field label={t('ad_client_name')} value={name} onInput={setName} />
        <TextArea label={t('ad_client_redirects')} value={uris} onInput={setUris} rows={3} />
        <fieldset class="field">
          <legend>{t('ad_client_scopes')}</legend>
          <div class="checks">
            {SCOPES.map((s) => (
              <Checkbox key={s} label={s} checked={scopes.includes(s)} onChange={(on) => setScopes(on ? [...scopes, s] : scopes.filter((x) => x !== s))} />
            ))}
          </div>
        </fieldset>
        <Button type="submit" busy={add.busy}>
          {t('add')}
        </Button>
      </form>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      <ul class="cards">
        {clients.map((c) => (
          <li class="card" key={c.client_id}>
            <h2 class="h3">{c.name}</h2>
            <p class="muted small">
              {t('ad_client_id')}: <code>{c.client_id}</code> · {fmtDateTime(c.created_at)}
            </p>
            <p>{(c.redirect_uris ?? []).join(' ')}</p>
            <p class="muted">{(c.scopes ?? []).join(' ')}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}

export function AdminRules() {
  useLang();
  const q = useLoad(() => get('/api/v1/rules'));
  const reload = useAction();
  // Not the action's own text: the last success stays shown while retrying, as it always has.
  const [msg, setMsg] = useState<string>();
  return (
    <Page title={t('ad_rules_title')}>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {q.data && (
        <dl class="card kv">
          <div>
            <dt>{t('ad_rules_version')}</dt>
            <dd>{q.data.version ?? q.data.rules_version}</dd>
          </div>
          {q.data.rules?.colours &&
            Object.entries<any>(q.data.rules.colours).map(([c, v]) => (
              <div key={c}>
                <dt>{colourWord(c)}</dt>
                <dd>
                  {v.quarantine_days} d · {v.checkins_required} ✓
                </dd>
              </div>
            ))}
          {q.data.rules?.temperature_threshold && (
            <div>
              <dt>{t('temperature')}</dt>
              <dd>≥ {q.data.rules.temperature_threshold}</dd>
            </div>
          )}
          {q.data.loaded_at && (
            <div>
              <dt>{t('ad_rules_loaded')}</dt>
              <dd>{fmtDateTime(q.data.loaded_at)}</dd>
            </div>
          )}
        </dl>
      )}
      {msg && <Notice kind="success">{msg}</Notice>}
      <ErrorNotice error={reload.error} />
      <Button
        busy={reload.busy}
        onClick={() =>
          reload.run(async () => {
            const r = await post('/api/v1/admin/rules/reload');
            setMsg(t('ad_rules_reloaded', { v: r.version ?? r.rules_version ?? '' }));
            q.reload();
          })
        }
      >
        {t('ad_rules_reload')}
      </Button>
      <TrustAdmin />
    </Page>
  );
}

/** Issuer-key rotation and cross-region trust lists (跨地区互认). */
function TrustAdmin() {
  const q = useLoad(() => get('/api/v1/admin/trust-lists'));
  const [list, setList] = useState('');
  const [root, setRoot] = useState('');
  const action = useAction();
  const imports: any[] = q.data?.trust_lists ?? [];
  const run = (what: string, fn: () => Promise<string>) =>
    action.run(async () => {
      const m = await fn();
      q.reload();
      return m;
    }, what);
  return (
    <>
      <h2>{t('ad_keys_title')}</h2>
      <ActionNotices action={action} />
      <div class="card form">
        <p class="muted">{t('ad_keys_intro')}</p>
        <Button kind="secondary" busy={action.running === 'rotate'} onClick={() => run('rotate', async () => t('ad_keys_rotated', { kid: (await post('/api/v1/admin/issuer-keys/rotate')).active?.kid ?? '' }))}>
          {t('ad_keys_rotate')}
        </Button>
        <p>
          <a href="/api/v1/trust-list" download="trust-list.json">
            {t('ad_trust_download')}
          </a>
        </p>
      </div>
      <form
        class="card form"
        onSubmit={(e) => {
          e.preventDefault();
          void run('import', async () => {
            const r = await post('/api/v1/admin/trust-lists', { trust_list: list.trim(), root_public_key: root.trim() });
            return t('ad_trust_imported', { region: r.region, n: r.keys });
          });
        }}
      >
        <h3>{t('ad_trust_import')}</h3>
        <TextArea label={t('ad_trust_json')} value={list} onInput={setList} rows={4} />
        <Field label={t('ad_trust_root')} value={root} onInput={setRoot} />
        <Button type="submit" busy={action.running === 'import'} disabled={!list.trim() || !root.trim()}>
          {t('ad_trust_import')}
        </Button>
      </form>
      <ErrorNotice error={q.error} />
      {imports.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('ra_region')}</th>
                <th scope="col">{t('ad_trust_keys')}</th>
                <th scope="col">{t('ad_trust_when')}</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((r) => (
                <tr key={r.region}>
                  <td>{r.region}</td>
                  <td>{r.keys}</td>
                  <td>{fmtDateTime(r.imported_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function AdminAudit() {
  useLang();
  const q = useLoad(() => get('/api/v1/admin/audit?limit=100'));
  const [verify, setVerify] = useState<any>();
  const check = useAction();
  const entries: any[] = q.data?.entries ?? [];
  return (
    <Page title={t('ad_audit_title')}>
      <Button busy={check.busy} onClick={() => check.run(async () => setVerify(await get('/api/v1/admin/audit/verify')))}>
        {t('ad_audit_verify')}
      </Button>
      {verify && (verify.ok ? <Notice kind="success">{t('ad_audit_ok', { n: verify.entries })}</Notice> : <Notice kind="error">{t('ad_audit_bad', { seq: verify.first_bad_seq, problem: verify.problem })}</Notice>)}
      <ErrorNotice error={check.error} />
      <LoadStatus q={q} empty={!entries.length} />
      {entries.length > 0 && (
        <div class="table-wrap">
          <table class="small">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('time')}</th>
                <th scope="col">{t('ad_audit_actor')}</th>
                <th scope="col">{t('ad_audit_action')}</th>
                <th scope="col">{t('ad_audit_subject')}</th>
                <th scope="col">{t('ad_audit_fields')}</th>
                <th scope="col">{t('ad_audit_reason')}</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
