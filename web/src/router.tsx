// A tiny history-API router: the server answers every extension-less path with index.html.
import type { ComponentChildren } from 'preact';
import { observable } from './hooks/observable';

export interface Location {
  path: string;
  query: URLSearchParams;
}

function current(): Location {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}
const here = observable(current);

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  here.changed();
  window.scrollTo(0, 0);
  // Move focus to the main heading so screen readers announce the new page.
  requestAnimationFrame(() => {
    const h = document.querySelector<HTMLElement>('main h1');
    if (h) {
      h.tabIndex = -1;
      h.focus({ preventScroll: true });
    }
  });
}

window.addEventListener('popstate', () => here.changed());

export function useLocation(): Location {
  return here.useValue();
}

/** Only same-origin relative paths are allowed as `next` targets (no open redirects). */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

type LinkProps = { href: string; children?: ComponentChildren; onClick?: (e: MouseEvent) => void; class?: string; [attr: string]: any };

export function Link({ href, children, onClick, ...rest }: LinkProps) {
  const loc = useLocation();
  const active = loc.path === href;
  return (
    <a
      href={href}
      aria-current={active ? 'page' : undefined}
      onClick={(e) => {
        if (onClick) (onClick as any)(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        // Server-side routes (OIDC) must be real navigations.
        if (href.startsWith('/oauth2/') || href.startsWith('/api/')) return;
        e.preventDefault();
        navigate(href);
      }}
      {...rest}
    >
      {children}
    </a>
  );
}
