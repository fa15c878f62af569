// The home page: the person's colour and a tile for every page they may open.
import { ROUTES, allowed } from '../../app/routes';
import { colourHint, t } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { ColourBadge } from '../../components/ColourBadge';
import { Page } from '../../components/Page';
import { useLoad } from '../../hooks/useLoad';
import { UnreadBadge } from '../inbox/UnreadBadge';
import { useUnread } from '../inbox/unread';
import { get } from '../../api';
import { useMyEnterprises } from '../jobs/common';

export const ICONS: Record<string, string> = {
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
  '/jobs': '⚒',
};

export function Home() {
  const s = useSession();
  if (s.status !== 'in') return null;
  const me = s.me;
  const colour = useLoad(() => get('/api/v1/me/colour'));
  const unread = useUnread();
  const enterprises = useMyEnterprises(me.citizen_id);
  const tiles = ROUTES.filter((r) => r.path !== '/' && !r.hideInNav && allowed(r, me) && (!r.enterprise || !!enterprises?.length));
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
