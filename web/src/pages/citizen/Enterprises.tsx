import { useState } from 'preact/hooks';
import { ApiError, get, post, type RequestOf, type ItemOf } from '../../api';
import { t, tMaybe, useLang } from '../../i18n';
import { creditCodeOk } from '../../idcard';
import { AddByIdNumber } from '../../components/form/AddByIdNumber';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';

type Relation = NonNullable<RequestOf<'/api/v1/enterprises'>['relation']>;

export function Enterprises() {
  useLang();
  const q = useLoad(() => get('/api/v1/me/enterprises'));
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [relation, setRelation] = useState<Relation>('legal_representative');
  const [touched, setTouched] = useState(false);
  const register = useAction();
  const error = register.error;
  const srv = error instanceof ApiError ? error : undefined;
  const codeErr = touched && !creditCodeOk(code) ? t('err_credit_code') : srv?.field('credit_code');

  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched(true);
    if (!creditCodeOk(code) || !name.trim()) return;
    await register.run(async () => {
      await post('/api/v1/enterprises', { body: { credit_code: code, name: name.trim(), relation } });
      setCode('');
      setName('');
      setTouched(false);
      q.reload();
    });
  };
  const list: ItemOf<'/api/v1/me/enterprises', 'enterprises'>[] = q.data?.enterprises ?? [];
  return (
    <Page title={t('ent_title')} intro={t('ent_intro')}>
      <LoadStatus q={q} empty={!list.length} />
      <ul class="cards">
        {list.map((e) => (
          <li class="card" key={e.enterprise_id}>
            <h2 class="h3">{e.name}</h2>
            <p class="muted">
              {e.credit_code} · {tMaybe(`rel_${e.relation}`) ?? e.relation}
            </p>
            {e.relation === 'legal_representative' && (
              <AddByIdNumber
                label={t('ent_agent_id')}
                button={t('ent_add_agent')}
                add={(id) => post('/api/v1/enterprises/{id}/members', { params: { id: e.enterprise_id }, body: { id_number: id, relation: 'agent' } })}
                sendEmpty
              />
            )}
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
        <Button type="submit" busy={register.busy}>
          {t('ent_register')}
        </Button>
      </form>
    </Page>
  );
}
