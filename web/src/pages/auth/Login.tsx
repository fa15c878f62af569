// Log in with resident ID number and password.
import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { t } from '../../i18n';
import { Link, safeNext, useLocation } from '../../router';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Notice } from '../../components/feedback/Notice';
import { Checkbox } from '../../components/form/Checkbox';
import { Field } from '../../components/form/Field';
import { goNext, logIn } from './logIn';

export function Login() {
  const loc = useLocation();
  const next = safeNext(loc.query.get('next'));
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
