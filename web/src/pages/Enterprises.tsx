import { useState } from 'preact/hooks';
import { ApiError, get, post } from '../api';
import { t, useLang } from '../i18n';
import { creditCodeOk, idNumberProblem } from '../idcard';
import { Button, Empty, ErrorNotice, Field, Loading, Notice, Page, Select, useLoad } from '../components/ui';

function AddAgent({ id }: { id: string }) {
  const [num, setNum] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<string>();
  const [error, setError] = useState<unknown>();
  const p = num ? idNumberProblem(num) : null;
  return (
    <form
      class="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (p) return;
        setBusy(true);
        setError(undefined);
        setMsg(undefined);
        try {
          await post(`/api/v1/enterprises/${encodeURIComponent(id)}/members`, { id_number: num.toUpperCase(), relation: 'agent' });
          setMsg(t('done'));
          setNum('');
        } catch (err) {
          setError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Field label={t('ent_agent_id')} value={num} onInput={(v) => setNum(v.toUpperCase())} maxLength={18} error={p && num.length === 18 ? t(`err_id_${p}`) : undefined} />
      <Button type="submit" kind="secondary" busy={busy}>
        {t('ent_add_agent')}
      </Button>
      {msg && <Notice kind="success">{msg}</Notice>}
      <ErrorNotice error={error} />
    </form>
  );
}

export function Enterprises() {
  useLang();
  const q = useLoad(() => get('/api/v1/me/enterprises'));
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [relation, setRelation] = useState('legal_representative');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const srv = error instanceof ApiError ? error : undefined;
  const codeErr = touched && !creditCodeOk(code) ? t('err_credit_code') : srv?.field('credit_code');

  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched(true);
    if (!creditCodeOk(code) || !name.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await post('/api/v1/enterprises', { credit_code: code, name: name.trim(), relation });
      setCode('');
      setName('');
      setTouched(false);
      q.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const list: any[] = q.data?.enterprises ?? [];
  return (
    <Page title={t('ent_title')} intro={t('ent_intro')}>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {!q.loading && !list.length && <Empty />}
      <ul class="cards">
        {list.map((e) => (
          <li class="card" key={e.enterprise_id}>
            <h2 class="h3">{e.name}</h2>
            <p class="muted">
              {e.credit_code} · {t(`rel_${e.relation}`)}
            </p>
            {e.relation === 'legal_representative' && <AddAgent id={e.enterprise_id} />}
          </li>
        ))}
      </ul>
      <h2>{t('ent_register')}</h2>
      <form class="card form" onSubmit={submit} noValidate>
        <ErrorNotice error={srv?.errors.length ? undefined : error} />
        <Field label={t('credit_code')} hint={t('credit_code_hint')} value={code} onInput={(v) => setCode(v.toUpperCase())} maxLength={18} error={codeErr} />
        <Field label={t('ent_name')} value={name} onInput={setName} error={touched && !name.trim() ? t('required') : srv?.field('name')} />
        <Select
          label={t('relation')}
          value={relation}
          onChange={setRelation}
          options={[
            ['legal_representative', t('rel_legal_representative')],
            ['agent', t('rel_agent')],
          ]}
        />
        <Button type="submit" busy={busy}>
          {t('ent_register')}
        </Button>
      </form>
    </Page>
  );
}
