// Administration: the shared-service catalogue (list, search, add or change a service with its
// data items, sharing class, legal basis and purposes).
import { useState } from 'preact/hooks';
import { get, put } from '../../api';
import { fmtDateTime } from '../../format';
import { t, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import { ActionNotices } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { Checkbox } from '../../components/form/Checkbox';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';
import { SHARING, sharingName, splitCodes, type SharingClass, type XrService } from './types';

export function ExchangeServices() {
  useLang();
  const [search, setSearch] = useState('');
  const q = useLoad(() => get('/api/v1/admin/exchange/services', { query: { q: search.trim() || undefined } }), [search]);
  const services: XrService[] = q.data?.services ?? [];

  const [id, setId] = useState('');
  const [nameZh, setNameZh] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [fields, setFields] = useState('');
  const [purposes, setPurposes] = useState('');
  const [sharing, setSharing] = useState<SharingClass>('conditional');
  const [legal, setLegal] = useState('');
  const [aboutPerson, setAboutPerson] = useState(false);
  const save = useAction();

  const edit = (s: XrService) => {
    setId(s.id);
    setNameZh(s.name_zh);
    setNameEn(s.name_en);
    setFields(s.fields.join(', '));
    setPurposes(s.purposes.join(', '));
    setSharing(s.sharing_class);
    setLegal(s.legal_basis);
    setAboutPerson(s.about_person);
    window.scrollTo(0, 0);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    await save.run(async () => {
      await put('/api/v1/admin/exchange/services', {
        body: { id: id.trim(), name_zh: nameZh.trim(), name_en: nameEn.trim(), fields: splitCodes(fields), purposes: splitCodes(purposes), sharing_class: sharing, legal_basis: legal.trim(), about_person: aboutPerson },
      });
      q.reload();
      return t('xr_service_saved');
    });
  };

  return (
    <Page title={t('xr_services_title')}>
      <form class="card form" onSubmit={submit} noValidate>
        <h2 class="h3">{t('xr_service_edit')}</h2>
        <ActionNotices action={save} />
        <Field name="service_id" label={t('xr_service_id')} hint={t('xr_service_id_hint')} value={id} onInput={setId} />
        <Field name="name_zh" label={t('xr_name_zh')} value={nameZh} onInput={setNameZh} />
        <Field name="name_en" label={t('xr_name_en')} value={nameEn} onInput={setNameEn} optional />
        <Field name="fields" label={t('xr_fields')} hint={t('xr_codes_hint')} value={fields} onInput={setFields} />
        <Field name="purposes" label={t('xr_purposes')} hint={t('xr_codes_hint')} value={purposes} onInput={setPurposes} />
        <Select<SharingClass> name="sharing_class" label={t('xr_sharing')} value={sharing} onChange={setSharing} options={SHARING.map((c) => [c, sharingName(c)])} />
        <Field name="legal_basis" label={t('xr_legal_basis')} value={legal} onInput={setLegal} optional />
        <Checkbox name="about_person" label={t('xr_about_person')} checked={aboutPerson} onChange={setAboutPerson} />
        <Button type="submit" busy={save.busy}>
          {t('save')}
        </Button>
      </form>
      <div class="card form">
        <Field name="search" type="search" label={t('xr_search')} value={search} onInput={setSearch} />
      </div>
      <LoadStatus q={q} empty={!services.length} />
      {services.length > 0 && (
        <DataTable headers={[t('xr_service'), t('xr_provider'), t('xr_sharing'), t('xr_fields'), t('xr_purposes'), t('xr_legal_basis'), <span class="sr-only">{t('xr_edit')}</span>]}>
          {services.map((s) => (
            <tr key={s.id}>
              <td>
                {s.name_zh}
                <br />
                <code class="small">{s.service_code}</code>
                <span class="muted small"> · {fmtDateTime(s.updated_at)}</span>
              </td>
              <td>
                <code class="small">{s.provider}</code>
              </td>
              <td>{sharingName(s.sharing_class)}</td>
              <td class="small">{s.fields.join(', ')}</td>
              <td class="small">{s.purposes.join(', ')}</td>
              <td class="small">{s.legal_basis}</td>
              <td>
                <Button kind="link" onClick={() => edit(s)} aria-label={`${t('xr_edit')} ${s.name_zh}`}>
                  {t('xr_edit')}
                </Button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Page>
  );
}
