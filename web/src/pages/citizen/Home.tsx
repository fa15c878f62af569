import { ROUTES, allowed } from '../../app/App';
import { colourHint, t, roleName, tMaybe } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { ColourBadge } from '../../components/ColourBadge';
import { Page } from '../../components/Page';
import { useLoad } from '../../hooks/useLoad';
import { UnreadBadge, useUnread } from './Passes';
import { get } from '../../api';

const ICONS: Record<string, string> = {
  '/code': '▦',
  '/checkin': '✓',
  '/declare': '✎',
  '/appeal': '⚖',
  '/passes': '⇄',
  '/visit': '⌖',
  '/inbox': '✉',
  '/notices': '⚠',
  '/enterprises': '⌂',
  '/profile': '☺',
  '/checkpoint': '⌁',
};

export function Home() {
  const s = useSession();
  if (s.status !== 'in') return null;
  const me = s.me;
  const tiles = ROUTES.filter((r) => r.path !== '/' && !r.hideInNav && allowed(r, me));
  const colour = useLoad(() => get('/api/v1/me/colour'));
  const unread = useUnread();
  return (
    <Page title={t('hello', { name: me.masked_name })} intro={t('home_intro')}>
      {colour.data?.colour && (
        <Link href="/code" class={`card status-card colour-${colour.data.colour}`}>
          <ColourBadge colour={colour.data.colour} />
          <span>
            {colour.data.colour !== 'green' && colour.data.streak_required ? t('streak', { n: colour.data.streak ?? 0, of: colour.data.streak_required }) : colourHint(colour.data.colour)}
          </span>
          <span aria-hidden="true">›</span>
        </Link>
      )}
      <ul class="tiles">
        {tiles.map((r) => (
          <li key={r.path}>
            <Link href={r.path} class={`tile tile-${r.section}`}>
              <span class="tile-icon" aria-hidden="true">
                {ICONS[r.path] ?? '›'}
              </span>
              <span>
                {t(r.title)}
                {r.path === '/inbox' && <UnreadBadge n={unread} />}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}

export function Profile() {
  const s = useSession();
  if (s.status !== 'in') return null;
  const me = s.me;
  const rows: [string, string][] = [
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
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h2>{t('roles')}</h2>
      <ul class="card list">
        <li>{roleName('citizen')}</li>
        {me.roles.map((g) => (
          <li key={g.role + g.scope}>
            {roleName(g.role)}
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
