// Administration: single sign-on client platforms (OIDC clients).
import { useState } from 'preact/hooks';
import { get, post, type RequestOf, type ItemOf, type ResponseOf } from '../../api';
import { fmtDateTime } from '../../format';
import { t, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { Checkbox } from '../../components/form/Checkbox';
import { Field } from '../../components/form/Field';
import { TextArea } from '../../components/form/TextArea';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';

type Scope = NonNullable<RequestOf<'/api/v1/admin/oidc/clients'>['scopes']>[number];
const SCOPES: Scope[] = ['openid', 'profile', 'real_name', 'masked_id'];

export function AdminClients() {
  useLang();
  const q = useLoad(() => get('/api/v1/admin/oidc/clients'));
  const [name, setName] = useState('');
  const [uris, setUris] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['openid', 'profile']);
  const add = useAction();
  const [created, setCreated] = useState<ResponseOf<'/api/v1/admin/oidc/clients', 'post'>>();
  const clients: ItemOf<'/api/v1/admin/oidc/clients', 'clients'>[] = q.data?.clients ?? [];
  const submit = async (e: Event) => {
    e.preventDefault();
    await add.run(async () => {
      setCreated(undefined);
      const r = await post('/api/v1/admin/oidc/clients', { body: { name: name.trim(), redirect_uris: uris.split('\n').map((s) => s.trim()).filter(Boolean), scopes } });
      setCreated(r);
      q.reload();
    });
  };
  return (
    <Page title={t('ad_clients_title')}>
      <form class="card form" onSubmit={submit} noValidate>
        {created && <Notice kind="success">{t('ad_client_created', { id: created.client_id, secret: created.client_secret })}</Notice>}
        <ErrorNotice error={add.error} />
        <Field label={t('ad_client_name')} value={name} onInput={setName} />
        <TextArea label={t('ad_client_redirects')} value={uris} onInput={setUris} rows={3} />
        <fieldset class="field">
          <legend>{t('ad_client_scopes')}</legend>
          <div class="checks">
            {SCOPES.map((s) => (
              <Checkbox key={s} label={s} checked={scopes.includes(s)} onChange={(on) => setScopes(on ? [...scopes, s] : scopes.filter((x) => x !== s))} />
            ))}
          </div>
        </fieldset>
        <Button type="submit" busy={add.busy}>
          {t('add')}
        </Button>
      </form>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      <ul class="cards">
        {clients.map((c) => (
          <li class="card" key={c.client_id}>
            <h2 class="h3">{c.name}</h2>
            <p class="muted small">
              {t('ad_client_id')}: <code>{c.client_id}</code> · {fmtDateTime(c.created_at)}
            </p>
            <p>{(c.redirect_uris ?? []).join(' ')}</p>
            <p class="muted">{(c.scopes ?? []).join(' ')}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
