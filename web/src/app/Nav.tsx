// The menu: the pages the person may open, by section, with the inbox's unread count.
import { useEffect } from 'preact/hooks';
import type { Me } from '../api';
import { t } from '../i18n';
import { Link, useLocation } from '../router';
import { UnreadBadge } from '../pages/inbox/UnreadBadge';
import { refreshUnread, useUnread } from '../pages/inbox/unread';
import { useMyEnterprises } from '../pages/jobs/common';
import { ROUTES, allowed, type RouteDef } from './routes';

export function Nav({ me, onPick }: { me: Me; onPick: () => void }) {
  const loc = useLocation();
  const unread = useUnread();
  useEffect(() => {
    void refreshUnread();
  }, [loc.path, me.citizen_id]);
  const enterprises = useMyEnterprises(me.citizen_id);
  const sections: RouteDef['section'][] = ['citizen', 'enterprise', 'checkpoint', 'official', 'admin'];
  return (
    <nav id="main-nav" aria-label={t('menu')}>
      {sections.map((s) => {
        const items = ROUTES.filter((r) => r.section === s && !r.hideInNav && allowed(r, me) && (!r.enterprise || !!enterprises?.length));
        if (!items.length) return null;
        return (
          <div class="nav-section" key={s}>
            <h2 class="nav-heading">{t(`section_${s}`)}</h2>
            <ul>
              {items.map((r) => (
                <li key={r.path}>
                  <Link href={r.path} onClick={onPick}>
                    {t(r.title)}
                    {r.path === '/inbox' && <UnreadBadge n={unread} />}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
