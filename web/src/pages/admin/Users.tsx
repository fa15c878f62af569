// Administration: role grants (who holds which staff role, in which scope).
import { useState } from 'preact/hooks';
import { get, post } from '../../api';
import type { Grant, RoleName } from '../../api/models';
import { roleName, t, useLang } from '../../i18n';
import { idNumberProblem } from '../../idcard';
import { Button } from '../../components/Button';
import { DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import { ActionNotices } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';
import { RevokeButton } from './RevokeButton';

const ROLES: RoleName[] = ['checkpoint_staff', 'community_worker', 'health_official', 'service_officer', 'department_system', 'admin'];

export function AdminUsers() {
  useLang();
  const [filter, setFilter] = useState<RoleName | ''>('');
  const q = useLoad(() => get('/api/v1/admin/grants', { query: { role: filter || undefined } }), [filter]);
  const [id, setId] = useState('');
  const [role, setRole] = useState<RoleName>('checkpoint_staff');
  const [scope, setScope] = useState('');
  const grant = useAction();
  const p = idNumberProblem(id);
  const grants: Grant[] = q.data?.grants ?? [];
  const submit = async (e: Event) => {
    e.preventDefault();
    if (p) return;
    await grant.run(async () => {
      await post('/api/v1/admin/grants', { body: { id_number: id, role, scope } });
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
        <Select label={t('ad_filter_role')} value={filter} onChange={setFilter} options={[['', t('ad_all_roles')], ...ROLES.map((r): [RoleName, string] => [r, roleName(r)])]} />
      </div>
      <LoadStatus q={q} empty={!grants.length} />
      {grants.length > 0 && (
        <DataTable headers={[t('ad_holder'), t('ad_role'), t('scope'), <span class="sr-only">{t('ad_revoke')}</span>]}>
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
        </DataTable>
      )}
    </Page>
  );
}
