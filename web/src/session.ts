// The logged-in person (GET /api/v1/me) as a tiny observable store.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, del, get, type Me } from './api';

export type SessionState = { status: 'loading' } | { status: 'anonymous' } | { status: 'in'; me: Me };

let state: SessionState = { status: 'loading' };
const listeners = new Set<() => void>();

function set(s: SessionState) {
  state = s;
  listeners.forEach((l) => l());
}

export async function loadSession(): Promise<SessionState> {
  try {
    const me = await get<Me>('/api/v1/me');
    set({ status: 'in', me });
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) set({ status: 'anonymous' });
    else if (state.status === 'loading') set({ status: 'anonymous' });
  }
  return state;
}

export async function logout(): Promise<void> {
  try {
    await del('/api/v1/sessions/current');
  } catch {
    /* the session may already be gone */
  }
  set({ status: 'anonymous' });
}

export function useSession(): SessionState {
  const [s, setS] = useState(state);
  useEffect(() => {
    const l = () => setS(state);
    listeners.add(l);
    setS(state);
    return () => void listeners.delete(l);
  }, []);
  return s;
}

export function hasRole(me: Me | undefined, ...roles: string[]): boolean {
  if (!me) return false;
  return me.roles.some((g) => roles.includes(g.role));
}

export function scopesOf(me: Me, role: string): string[] {
  return me.roles.filter((g) => g.role === role).map((g) => g.scope);
}
