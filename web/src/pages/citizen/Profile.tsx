// The person's own profile and roles.
import { t, roleName, tMaybe } from '../../i18n';
import { useSession } from '../../session';
import { Entry } from '../../components/Entry';
import { Page } from '../../components/Page';

export function Profile() {
  const s = useSession();
  if (s.status !== 'in') return null;
  const me = s.me;
  const rows: [string, string | null | undefined][] = [
    [t('profile_name'), me.name],
    [t('profile_id'), me.id_number],
    [t('profile_birth'), me.birth_date],
    [t('profile_sex'), tMaybe(`sex_${me.sex}`) ?? me.sex],
    [t('profile_region'), me.region],
    [t('phone'), me.phone ?? t('none')],
  ];
  return (
    <Page title={t('nav_profile')}>
      <dl class="card kv">
        {rows.map(([k, v]) => (
          <Entry key={k} term={k}>
            {v}
          </Entry>
        ))}
      </dl>
      <h2>{t('roles')}</h2>
      <ul class="card list">
        {roleScopes(me.roles ?? []).map(([role, scopes]) => (
          <li key={role}>
            {roleName(role)}
            {scopes.length > 0 && (
              <span class="muted">
                {' '}
                · {t('scope')} {scopes.join('、')}
              </span>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}

/** Each role once (citizen first), with all its scopes. */
export function roleScopes(grants: { role?: string; scope?: string }[]): [string, string[]][] {
  const by = new Map<string, string[]>([['citizen', []]]);
  for (const g of grants) {
    if (!g.role) continue;
    const scopes = by.get(g.role) ?? [];
    if (g.scope && !scopes.includes(g.scope)) scopes.push(g.scope);
    by.set(g.role, scopes);
  }
  return [...by.entries()];
}
