// Single sign-on consent (一次认证): another government platform asks to log the person in.
// GET /oauth2/authorize?... (JSON for a logged-in person) describes the request; the decision
// is POSTed back and the answer says where the browser goes next.
import { useState } from 'preact/hooks';
import { ApiError, post, type ResponseOf } from '../../api';
import { t, tMaybe, useLang } from '../../i18n';
import { useLocation } from '../../router';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { useLoad } from '../../hooks/useLoad';

/** The authorization request, as GET /oauth2/authorize describes it to a logged-in person. */
type ConsentInfo = ResponseOf<'/oauth2/authorize'>;

export function Consent() {
  useLang();
  const loc = useLocation();
  const search = loc.query.toString();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const q = useLoad(async () => {
    const res = await fetch(`/oauth2/authorize?${search}`, { credentials: 'same-origin', redirect: 'manual', headers: { Accept: 'application/json' } });
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
      // The server sends the platform an error (or asks for a login): let the browser follow.
      window.location.assign(`/oauth2/authorize?${search}`);
      return new Promise<ConsentInfo>(() => {});
    }
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new ApiError(res.status, body);
    return body as ConsentInfo;
  }, [search]);

  const decide = async (decision: 'approve' | 'deny') => {
    if (!q.data) return;
    setBusy(decision);
    setError(undefined);
    try {
      const r = await post('/oauth2/authorize', { body: { ...q.data.authorization_request, decision } });
      window.location.assign(r.redirect_to);
    } catch (e) {
      setError(e);
      setBusy(undefined);
    }
  };

  const info = q.data;
  return (
    <Page title={t('consent_title')}>
      {q.loading && <Loading />}
      {q.error ? <Notice kind="error">{t('consent_bad', { detail: q.error instanceof ApiError ? q.error.detail : String(q.error) })}</Notice> : null}
      {info && (
        <div class="card consent">
          <p class="lead">{t('consent_intro', { client: info.client_name || info.client_id })}</p>
          <h2 class="h3">{t('consent_scopes')}</h2>
          <ul class="scopes">
            {info.scopes.map((s: ConsentInfo['scopes'][number]) => (
              <li key={s.scope}>
                <span aria-hidden="true">✓ </span>
                {tMaybe(`scope_${s.scope}`) ?? s.description ?? s.scope}
              </li>
            ))}
          </ul>
          <p class="muted small">{t('consent_redirect', { uri: info.redirect_uri })}</p>
          <ErrorNotice error={error} />
          <div class="actions">
            <Button onClick={() => decide('approve')} busy={busy === 'approve'} disabled={!!busy}>
              {t('consent_allow')}
            </Button>
            <Button kind="secondary" onClick={() => decide('deny')} busy={busy === 'deny'} disabled={!!busy}>
              {t('consent_deny')}
            </Button>
          </div>
        </div>
      )}
    </Page>
  );
}
