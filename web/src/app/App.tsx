import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Me } from '../api';
import { getLang, setLang, t, useLang, type MsgKey } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { hasRole, logout, useSession } from '../session';
import { Loading } from '../components/feedback/Loading';
import { Login, Register } from '../pages/auth/Login';
import { Home, Profile } from '../pages/citizen/Home';
import { HealthCode } from '../pages/citizen/HealthCode';
import { CheckIn, Declare } from '../pages/citizen/Declare';
import { Appeal } from '../pages/citizen/Appeal';
import { Inbox, Passes, UnreadBadge, refreshUnread, useUnread } from '../pages/citizen/Passes';
import { Enterprises } from '../pages/citizen/Enterprises';
import { Consent } from '../pages/citizen/Consent';
import { Visit } from '../pages/citizen/Visit';
import { Checkpoint } from '../checkpoint/Checkpoint';
import { Reviews, Signals } from '../pages/official/Reviews';
import { Cases, Notices, RiskAreas, Tasks } from '../pages/epidemic/Cases';
import { Places, Stats } from '../pages/official/Places';
import { AdminAudit, AdminClients, AdminRules, AdminUsers } from '../pages/admin/Users';

interface RouteDef {
  path: string;
  title: MsgKey; // the name in the nav
  component: ComponentType;
  roles?: string[]; // undefined = every logged-in person
  section: 'citizen' | 'checkpoint' | 'official' | 'admin';
  hideInNav?: boolean;
  public?: boolean; // shown without logging in too
}

const OFFICIAL = ['health_official'];
export const ROUTES: RouteDef[] = [
  { path: '/', title: 'nav_home', component: Home, section: 'citizen' },
  { path: '/code', title: 'nav_code', component: HealthCode, section: 'citizen' },
  { path: '/checkin', title: 'nav_checkin', component: CheckIn, section: 'citizen' },
  { path: '/declare', title: 'nav_declare', component: Declare, section: 'citizen' },
  { path: '/appeal', title: 'nav_appeal', component: Appeal, section: 'citizen' },
  { path: '/visit', title: 'nav_visit', component: Visit, section: 'citizen' },
  { path: '/passes', title: 'nav_passes', component: Passes, section: 'citizen' },
  { path: '/inbox', title: 'nav_inbox', component: Inbox, section: 'citizen' },
  { path: '/notices', title: 'nav_notices', component: Notices, section: 'citizen', public: true },
  { path: '/enterprises', title: 'nav_enterprises', component: Enterprises, section: 'citizen' },
  { path: '/profile', title: 'nav_profile', component: Profile, section: 'citizen' },
  { path: '/consent', title: 'consent_title', component: Consent, section: 'citizen', hideInNav: true },
  { path: '/checkpoint', title: 'nav_checkpoint', component: Checkpoint, roles: ['checkpoint_staff'], section: 'checkpoint' },
  { path: '/official/reviews', title: 'nav_reviews', component: Reviews, roles: OFFICIAL, section: 'official' },
  { path: '/official/signals', title: 'nav_signals', component: Signals, roles: ['health_official', 'department_system'], section: 'official' },
  { path: '/official/cases', title: 'nav_cases', component: Cases, roles: ['health_official', 'department_system'], section: 'official' },
  { path: '/official/risk-areas', title: 'nav_risk', component: RiskAreas, roles: OFFICIAL, section: 'official' },
  { path: '/official/places', title: 'nav_places', component: Places, roles: ['health_official', 'admin'], section: 'official' },
  { path: '/official/stats', title: 'nav_stats', component: Stats, roles: ['health_official', 'community_worker', 'admin'], section: 'official' },
  { path: '/official/tasks', title: 'nav_tasks', component: Tasks, roles: ['community_worker', 'health_official', 'admin'], section: 'official' },
  { path: '/admin/users', title: 'nav_admin_users', component: AdminUsers, roles: ['admin'], section: 'admin' },
  { path: '/admin/clients', title: 'nav_admin_clients', component: AdminClients, roles: ['admin'], section: 'admin' },
  { path: '/admin/rules', title: 'nav_admin_rules', component: AdminRules, roles: ['admin'], section: 'admin' },
  { path: '/admin/audit', title: 'nav_admin_audit', component: AdminAudit, roles: ['admin'], section: 'admin' },
];

export function allowed(r: RouteDef, me: Me): boolean {
  return !r.roles || hasRole(me, ...r.roles);
}

function LangSwitch() {
  const lang = useLang();
  return (
    <button
      type="button"
      class="btn btn-link lang-switch"
      lang={lang === 'zh-CN' ? 'en' : 'zh-CN'}
      aria-label={t('switch_lang_label')}
      onClick={() => setLang(getLang() === 'zh-CN' ? 'en' : 'zh-CN')}
    >
      <span aria-hidden="true" class="lang-icon">
        文/A{' '}
      </span>
      {t('switch_lang')}
    </button>
  );
}

function LogoutButton(props: { class: string }) {
  return (
    <button
      type="button"
      class={`btn btn-link ${props.class}`}
      onClick={async () => {
        await logout();
        navigate('/login', true);
      }}
    >
      {t('logout')}
    </button>
  );
}

function Nav({ me, onPick }: { me: Me; onPick: () => void }) {
  const loc = useLocation();
  const unread = useUnread();
  useEffect(() => {
    void refreshUnread();
  }, [loc.path, me.citizen_id]);
  const sections: RouteDef['section'][] = ['citizen', 'checkpoint', 'official', 'admin'];
  return (
    <nav id="main-nav" aria-label={t('menu')}>
      {sections.map((s) => {
        const items = ROUTES.filter((r) => r.section === s && !r.hideInNav && allowed(r, me));
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

export function App() {
  useLang();
  const loc = useLocation();
  const session = useSession();
  const [menuOpen, setMenuOpen] = useState(false);

  const publicRoute = ROUTES.find((r) => r.path === loc.path && r.public);
  const publicPage = loc.path === '/login' || loc.path === '/register' || !!publicRoute;
  useEffect(() => {
    if (session.status === 'anonymous' && !publicPage) {
      navigate(`/login?next=${encodeURIComponent(loc.path + window.location.search)}`, true);
    }
  }, [session.status, publicPage, loc.path]);

  let body;
  if (session.status === 'loading') body = <Loading />;
  else if (loc.path === '/login') body = <Login />;
  else if (loc.path === '/register') body = <Register />;
  else if (session.status === 'anonymous' && publicRoute) {
    const C = publicRoute.component;
    body = <C />;
  } else if (session.status === 'anonymous') body = <Loading />;
  else {
    const route = ROUTES.find((r) => r.path === loc.path);
    if (!route) body = <NotFound />;
    else if (!allowed(route, session.me)) body = <Forbidden />;
    else {
      const C = route.component;
      body = <C />;
    }
  }
  const me = session.status === 'in' ? session.me : undefined;

  return (
    <div class={`shell${me ? ' with-nav' : ''}`}>
      <a class="skip" href="#main">
        {t('skip_to_content')}
      </a>
      <header class="topbar">
        {me && (
          <button
            type="button"
            class="btn btn-link menu-toggle"
            aria-expanded={menuOpen ? 'true' : 'false'}
            aria-controls="main-nav"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            <span aria-hidden="true">☰ </span>
            {t('menu')}
          </button>
        )}
        <Link href="/" class="brand">
          <span class="brand-mark" aria-hidden="true" />
          {t('app_name')}
        </Link>
        <div class="topbar-actions">
          {!me && loc.path !== '/notices' && (
            <Link href="/notices" class="btn btn-link">
              {t('nav_notices')}
            </Link>
          )}
          {!me && loc.path === '/notices' && (
            <Link href="/login" class="btn btn-link">
              {t('login')}
            </Link>
          )}
          <LangSwitch />
          {me && <LogoutButton class="hide-narrow" />}
        </div>
      </header>
      <div class="layout">
        {me && (
          <aside class={`sidebar${menuOpen ? ' open' : ''}`}>
            <p class="who">
              {me.masked_name}
              <span class="muted"> · {me.masked_id}</span>
            </p>
            <Nav me={me} onPick={() => setMenuOpen(false)} />
            <LogoutButton class="show-narrow" />
          </aside>
        )}
        <main id="main" tabIndex={-1}>
          {body}
        </main>
      </div>
    </div>
  );
}

function NotFound() {
  return (
    <section class="page">
      <h1>404</h1>
      <p>
        <Link href="/">{t('nav_home')}</Link>
      </p>
    </section>
  );
}

function Forbidden() {
  return (
    <section class="page">
      <h1>403</h1>
      <p>{t('error_forbidden')}</p>
    </section>
  );
}
