// The logged-in person (GET /api/v1/me) as a tiny observable store.
import { observable } from './hooks/observable';
import { ApiError, NetworkError, del, get, type Me } from './api';

export type SessionState = { status: 'loading' } | { status: 'anonymous' } | { status: 'in'; me: Me };

let state: SessionState = { status: 'loading' };
const session = observable(() => state);

function set(s: SessionState) {
  state = s;
  session.changed();
}

// Offline (a checkpoint without network) the app keeps working with a minimal cached profile:
// roles and masked name/ID only, never the full resident ID.
const CACHED = 'ow.me';
function cacheMe(me: Me | null) {
  try {
    if (!me) localStorage.removeItem(CACHED);
    else {
      const { citizen_id, masked_name, masked_id, region, roles } = me;
      localStorage.setItem(CACHED, JSON.stringify({ citizen_id, masked_name, masked_id, region, roles }));
    }
  } catch {
    /* storage disabled */
  }
}
function cachedMe(): Me | null {
  try {
    const m = JSON.parse(localStorage.getItem(CACHED) ?? 'null');
    return m ? { ...m, name: m.masked_name, id_number: m.masked_id, sex: '', birth_date: '', phone: null, address: null } : null;
  } catch {
    return null;
  }
}

export async function loadSession(): Promise<SessionState> {
  try {
    const me = await get('/api/v1/me');
    cacheMe(me);
    set({ status: 'in', me });
  } catch (e) {
    const offlineMe = e instanceof NetworkError ? cachedMe() : null;
    if (offlineMe) set({ status: 'in', me: offlineMe });
    else {
      if (e instanceof ApiError && e.status === 401) cacheMe(null);
      set({ status: 'anonymous' });
    }
  }
  return state;
}

export async function logout(): Promise<void> {
  try {
    await del('/api/v1/sessions/current');
  } catch {
    /* the session may already be gone */
  }
  cacheMe(null);
  set({ status: 'anonymous' });
}

export function useSession(): SessionState {
  return session.useValue(true);
}

export function hasRole(me: Me | undefined, ...roles: string[]): boolean {
  if (!me) return false;
  return (me.roles ?? []).some((g) => g.role !== undefined && roles.includes(g.role));
}
