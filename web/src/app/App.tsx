// The shell: top bar, menu, and the page of the current path (or the login when needed).
import { useEffect, useState } from 'preact/hooks';
import { t, useLang } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';
import { Loading } from '../components/feedback/Loading';
import { Login } from '../pages/auth/Login';
import { Register } from '../pages/auth/Register';
import { ROUTES, allowed, matches } from './routes';
import { LangSwitch } from './LangSwitch';
import { LogoutButton } from './LogoutButton';
import { Nav } from './Nav';
import { Forbidden, NotFound } from './ErrorPages';

export function App() {
  useLang();
  const loc = useLocation();
  const session = useSession();
  const [menuOpen, setMenuOpen] = useState(false);

  const publicRoute = ROUTES.find((r) => matches(r, loc.path) && r.public);
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
    const route = ROUTES.find((r) => matches(r, loc.path));
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
