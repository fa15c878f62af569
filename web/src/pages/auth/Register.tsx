// Real-name registration (实名注册), then straight to the first declaration.
import { useState } from 'preact/hooks';
import { ApiError, post, type RequestOf } from '../../api';
import { t } from '../../i18n';
import { idNumberProblem, nameOk, phoneOk } from '../../idcard';
import { Link, safeNext, useLocation } from '../../router';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Notice } from '../../components/feedback/Notice';
import { Field } from '../../components/form/Field';
import { goNext, logIn } from './logIn';

function idError(v: string, touched: boolean): string | undefined {
  const p = idNumberProblem(v);
  if (!p) return undefined;
  // While typing, only complain about things that can no longer become right.
  if (!touched && (p === 'empty' || p === 'length')) return undefined;
  return t(`err_id_${p}`);
}

export function Register() {
  const loc = useLocation();
  const next = safeNext(loc.query.get('next'));
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [pw, setPw] = useState('');
  const [pw2, setPw2] = useState('');
  const [phone, setPhone] = useState('');
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [server, setServer] = useState<ApiError>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const touch = (f: string) => setTouched((x) => ({ ...x, [f]: true }));
  const errs = {
    name: touched.name && !nameOk(name) ? t('err_name') : server?.field('name'),
    id_number: idError(id, !!touched.id_number) ?? server?.field('id_number'),
    password: touched.password && pw.length < 8 ? t('err_password') : server?.field('password'),
    password2: touched.password2 && pw2 !== pw ? t('err_password_repeat') : undefined,
    phone: touched.phone && phone && !phoneOk(phone) ? t('err_phone') : server?.field('phone'),
  };
  const idOk = !idNumberProblem(id) ? t('id_ok') : undefined;

  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched({ name: true, id_number: true, password: true, password2: true, phone: true });
    setServer(undefined);
    setError(undefined);
    if (!nameOk(name) || idNumberProblem(id) || pw.length < 8 || pw !== pw2 || (phone && !phoneOk(phone))) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    try {
      const body: RequestOf<'/api/v1/citizens'> = { name: name.trim(), id_number: id.trim().toUpperCase(), password: pw };
      if (phone) body.phone = phone.replace(/[\s-]/g, '');
      await post('/api/v1/citizens', { body });
      setDone(true);
      await logIn(id, pw);
      goNext(next === '/' ? '/declare' : next);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) setServer(err);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t('register_title')} intro={t('register_intro')}>
      <form class="card form narrow" onSubmit={submit} noValidate>
        {done && <Notice kind="success">{t('registered_ok')}</Notice>}
        {error instanceof ApiError && error.status === 409 ? <Notice kind="error">{t('duplicate_id')}</Notice> : <ErrorNotice error={error} />}
        {server && !server.errors.length && <Notice kind="error">{server.detail}</Notice>}
        <Field label={t('real_name')} name="name" hint={t('real_name_hint')} value={name} onInput={setName} onBlur={() => touch('name')} error={errs.name} autoComplete="name" required maxLength={40} />
        <Field
          label={t('id_number')}
          name="id_number"
          hint={t('id_number_hint')}
          value={id}
          onInput={(v) => setId(v.toUpperCase())}
          onBlur={() => touch('id_number')}
          error={errs.id_number}
          ok={idOk}
          required
          maxLength={18}
          autoComplete="off"
          spellcheck={false}
        />
        <Field label={t('password')} name="password" type="password" hint={t('password_hint')} value={pw} onInput={setPw} onBlur={() => touch('password')} error={errs.password} autoComplete="new-password" required />
        <Field label={t('password_repeat')} name="password2" type="password" value={pw2} onInput={setPw2} onBlur={() => touch('password2')} error={errs.password2} autoComplete="new-password" required />
        <Field label={t('phone')} name="phone" type="tel" hint={t('phone_hint')} value={phone} onInput={setPhone} onBlur={() => touch('phone')} error={errs.phone} optional autoComplete="tel" inputMode="numeric" />
        <Button type="submit" busy={busy}>
          {t('register')}
        </Button>
        <p>
          {t('have_account')} <Link href={`/login${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>{t('login')}</Link>
        </p>
      </form>
    </Page>
  );
}
