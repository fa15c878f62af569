// Places (场所) and their staff.
import { useState } from 'preact/hooks';
import { get, post, type RequestOf } from '../../api';
import type { Place } from '../../api/models';
import { t, tMaybe, useLang } from '../../i18n';
import { AddByIdNumber } from '../../components/form/AddByIdNumber';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ActionNotices } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';

type PlaceKind = RequestOf<'/api/v1/places'>['kind'];
const KINDS: PlaceKind[] = ['community_gate', 'venue', 'hospital', 'station', 'office', 'other'];

export function Places() {
  useLang();
  const q = useLoad(() => get('/api/v1/places'));
  const [name, setName] = useState('');
  const [kind, setKind] = useState<PlaceKind>('community_gate');
  const [region, setRegion] = useState('');
  const [address, setAddress] = useState('');
  const [community, setCommunity] = useState('');
  const create = useAction();
  const places: Place[] = q.data?.places ?? [];
  const submit = async (e: Event) => {
    e.preventDefault();
    await create.run(async () => {
      const body: RequestOf<'/api/v1/places'> = { name: name.trim(), kind, region };
      if (address.trim()) body.address = address.trim();
      if (community.trim()) body.community = community.trim();
      const r = await post('/api/v1/places', { body });
      setName('');
      q.reload();
      return t('pl_created', { id: r.place_id });
    });
  };
  return (
    <Page title={t('pl_title')}>
      <form class="card form" onSubmit={submit} noValidate>
        <h2 class="h3">{t('pl_new')}</h2>
        <ActionNotices action={create} />
        <Field label={t('pl_name')} name="place_name" value={name} onInput={setName} required />
        <Select label={t('pl_kind')} name="kind" value={kind} onChange={setKind} options={KINDS.map((k) => [k, tMaybe(`pl_kind_${k}`) ?? k])} />
        <Field label={t('ra_region')} name="region" value={region} onInput={setRegion} inputMode="numeric" maxLength={6} hint={t('residence_region_hint')} />
        <Field label={t('pl_address')} name="address" value={address} onInput={setAddress} optional />
        <Field label="社区 / Community" name="community" value={community} onInput={setCommunity} optional />
        <Button type="submit" busy={create.busy}>
          {t('pl_new')}
        </Button>
      </form>
      <LoadStatus q={q} empty={!q.error && !places.length} />
      <ul class="cards">
        {places.map((p) => (
          <li class="card place" key={p.place_id}>
            <h2 class="h3">{p.name}</h2>
            <p class="muted small">
              {p.place_id} · {tMaybe(`pl_kind_${p.kind}`) ?? p.kind} · {p.region} {p.address}
            </p>
            <details>
              <summary>{t('pl_code')}</summary>
              <img class="place-code" src={`/api/v1/places/${encodeURIComponent(p.place_id)}/code.svg`} alt={`${t('pl_code')}: ${p.name}`} width={220} height={220} loading="lazy" />
              <p>
                <a href={`/api/v1/places/${encodeURIComponent(p.place_id)}/code.png`} download={`place-${p.place_id}.png`}>
                  {t('pl_print')}
                </a>
              </p>
            </details>
            <AddByIdNumber label={t('pl_staff_id')} button={t('pl_staff')} add={(id) => post('/api/v1/places/{id}/staff', { params: { id: p.place_id }, body: { id_number: id } })} />
          </li>
        ))}
      </ul>
    </Page>
  );
}
