// Compile-time checks of the typed API calls and message keys: `tsc` reads this file (nothing
// imports it, so it is not bundled). Each @ts-expect-error line must stay an error.
import { get, post } from '../api';
import { t } from '../i18n';

export function typeChecks(): void {
  // @ts-expect-error: no such path in docs/api/openapi.yaml
  void get('/api/v1/no-such-thing');
  // @ts-expect-error: the path's {id} must be given
  void get('/api/v1/cases/{id}/contacts');
  void get('/api/v1/cases/{id}/contacts', { params: { id: 'c1' } });
  // @ts-expect-error: the body lacks the password
  void post('/api/v1/sessions', { body: { id_number: '110105194912310029' } });
  // @ts-expect-error: the body is required
  void post('/api/v1/sessions');
  void post('/api/v1/sessions', { body: { id_number: '110105194912310029', password: 'secret-1' } });
  // @ts-expect-error: no such message
  void t('no_such_message');
}
