// Logging in, and where the browser goes afterwards (shared by the login and registration pages).
import { post } from '../../api';
import { navigate } from '../../router';
import { loadSession } from '../../session';

export async function logIn(id_number: string, password: string) {
  await post('/api/v1/sessions', { body: { id_number: id_number.trim().toUpperCase(), password } });
  return loadSession();
}

/** After login: SPA routes navigate in place; server routes (OIDC authorize) need a full load. */
export function goNext(next: string) {
  // The platform's authorization request is shown as the consent screen.
  if (next.startsWith('/oauth2/authorize?')) navigate('/consent' + next.slice('/oauth2/authorize'.length), true);
  else if (next.startsWith('/oauth2/') || next.startsWith('/api/')) window.location.assign(next);
  else navigate(next, true);
}
