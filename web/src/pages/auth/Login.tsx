// Log in with resident ID number and password.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '../../api';
import { t } from '../../i18n';
import { Link, safeNext, useLocation } from '../../router';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Notice } from '../../components/feedback/Notice';
import { Checkbox } from '../../components/form/Checkbox';
import { Field } from '../../components/form/Field';
import { goNext, logIn } from './logIn';

/** The client_id when `next` continues a platform's sign-in request (OIDC authorize). */
export function askingClientId(next: string): string | undefined {
  if (!next.startsWith('/oauth2/authorize?')) return undefined;
  return new URLSearchParams(next.slice(next.indexOf('?') + 1)).get('client_id') ?? undefined;
}

export function Login() {
  const loc = useLocation();
  const next = safeNext(loc.query.get('next'));
  // A platform that signs people in through OneWindow is named, so the person knows who asks.
  const [platform, setPlatform] = useState<string>();
  useEffect(() => {
    const id = askingClientId(next);
    if (!id) return;
    get('/api/v1/oidc/clients/{client_id}', { params: { client_id: id } })
      .then((c) => setPlatform(c.client_name))
      .catch(() => setPlatform(undefined));
  }, [next]);
  const [id, setId] = useState('');
  const [pw, setPw] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [msg, setMsg] = useState<string>();

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setMsg(undefined);
    try {
      await logIn(id, pw);
      goNext(next);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setMsg(t('login_failed'));
      else if (err instanceof ApiError && err.status === 429) setMsg(t('login_throttled'));
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t('login_title')} intro={t('login_intro')}>
      <form class="card form narrow" onSubmit={submit} noValidate>
        {platform && (
          <Notice kind="info">
            <span data-testid="asking-platform">{t('login_for_platform', { platform })}</span>
          </Notice>
        )}
        {msg && <Notice kind="error">{msg}</Notice>}
        <ErrorNotice error={error} />
        <Field label={t('id_number')} name="id_number" value={id} onInput={setId} autoComplete="username" inputMode="text" required maxLength={18} />
        <Field label={t('password')} name="password" type={show ? 'text' : 'password'} value={pw} onInput={setPw} autoComplete="current-password" required />
        <Checkbox label={t('show_password')} checked={show} onChange={setShow} />
        <Button type="submit" busy={busy}>
          {t('login')}
        </Button>
        <p>
          {t('no_account')} <Link href={`/register${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>{t('register_now')}</Link>
        </p>
      </form>
      <p class="narrow">
        <span aria-hidden="true">⚠ </span>
        <Link href="/notices">{t('nt_link')}</Link>
      </p>
    </Page>
  );
}
