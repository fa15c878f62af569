// A tiny history-API router: the server answers every extension-less path with index.html.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface Location {
  path: string;
  query: URLSearchParams;
}

const listeners = new Set<() => void>();

function current(): Location {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  listeners.forEach((l) => l());
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

window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const l = () => setLoc(current());
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return loc;
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
