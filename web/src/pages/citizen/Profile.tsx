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
        <li>{roleName('citizen')}</li>
        {(me.roles ?? []).map((g) => (
          <li key={`${g.role} ${g.scope}`}>
            {roleName(g.role ?? '')}
            {g.scope && (
              <span class="muted">
                {' '}
                · {t('scope')} {g.scope}
              </span>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}
