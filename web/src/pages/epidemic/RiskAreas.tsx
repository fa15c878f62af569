// Officials publish and lift risk areas (风险地区), by region code or by places.
import { useState } from 'preact/hooks';
import { fieldError, get, post, type RequestOf, type ResponseOf } from '../../api';
import type { Place } from '../../api/models';
import { t, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { LoadStatus, Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';
import type { RiskArea } from './types';
import { shanghaiDate } from './dates';
import { AreaCard } from './AreaCard';

export function RiskAreas() {
  useLang();
  const [showAll, setShowAll] = useState(false);
  // The public list may be cached for a minute: officials always want the current one.
  const q = useLoad(() => get('/api/v1/risk-areas', { query: { all: showAll ? '1' : undefined }, cache: 'no-cache' }), [showAll]);
  const placesQ = useLoad(() => get('/api/v1/places'));
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'region' | 'places'>('region');
  const [region, setRegion] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [filter, setFilter] = useState('');
  const [level, setLevel] = useState<RiskArea['level']>('medium');
  const [from, setFrom] = useState(shanghaiDate(-13));
  const [to, setTo] = useState(shanghaiDate());
  const publish = useAction();
  const error = publish.error;
  const [published, setPublished] = useState<ResponseOf<'/api/v1/risk-areas', 'post'>>();
  const areas: RiskArea[] = q.data?.risk_areas ?? [];
  const places: Place[] = placesQ.data?.places ?? [];
  const shown = places.filter((p) => !filter.trim() || `${p.name} ${p.region} ${p.address ?? ''}`.includes(filter.trim()));
  const regionProblem = region && !/^(\d{2}|\d{4}|\d{6})$/.test(region) ? t('ra_region_invalid') : undefined;

  const submit = async (e: Event) => {
    e.preventDefault();
    setPublished(undefined);
    if (scope === 'region' ? !region || regionProblem : !picked.length) {
      publish.setError(new Error(scope === 'region' ? t('ra_need_region') : t('ra_need_places')));
      return;
    }
    await publish.run(async () => {
      const body: RequestOf<'/api/v1/risk-areas'> = { level, from, to };
      // Unnamed areas are named after their places so notices and messages read well.
      const auto = scope === 'places' ? places.filter((p) => picked.includes(p.place_id)).map((p) => p.name).join('、') : '';
      if (name.trim() || auto) body.name = (name.trim() || auto).slice(0, 200);
      if (scope === 'region') body.region = region;
      else body.place_ids = picked;
      const r = await post('/api/v1/risk-areas', { body });
      setPublished(r);
      setName('');
      setPicked([]);
      q.reload();
    });
  };
  // Lifting shares the form's error notice but not its busy button (AreaCard shows its own).
  const lift = async (a: RiskArea) => {
    publish.setError(undefined);
    try {
      await post('/api/v1/risk-areas/{id}/lift', { params: { id: a.risk_area_id } });
      q.reload();
    } catch (e) {
      publish.setError(e);
    }
  };
  const fieldProblem = (n: string) => fieldError(error, n);

  return (
    <Page title={t('ra_title')}>
      <form class="card form" onSubmit={submit} noValidate aria-labelledby="ra-form-h">
        <h2 class="h3" id="ra-form-h">
          {t('ra_publish')}
        </h2>
        {published && (
          <Notice kind="success">
            <strong>{t('ra_published')}</strong> {t('ra_affected', { n: published.affected ?? 0 })}
          </Notice>
        )}
        <ErrorNotice error={error} />
        <Field label={t('ra_name')} name="name" value={name} onInput={setName} optional maxLength={200} hint={t('ra_name_hint')} />
        <Select label={t('ra_level')} name="level" value={level} onChange={setLevel} options={[['high', t('ra_high')], ['medium', t('ra_medium')]]} hint={t('ra_level_hint')} />
        <fieldset class="field">
          <legend>{t('ra_scope')}</legend>
          <div class="radios">
            <label>
              <input type="radio" name="scope" value="region" checked={scope === 'region'} onChange={() => setScope('region')} /> {t('ra_scope_by_region')}
            </label>
            <label>
              <input type="radio" name="scope" value="places" checked={scope === 'places'} onChange={() => setScope('places')} /> {t('ra_scope_by_places')}
            </label>
          </div>
        </fieldset>
        {scope === 'region' ? (
          <Field label={t('ra_region')} name="region" value={region} onInput={(v) => setRegion(v.replace(/\D/g, ''))} inputMode="numeric" maxLength={6} hint={t('ra_region_hint')} error={regionProblem ?? fieldProblem('region')} />
        ) : (
          <fieldset class="field place-picker">
            <legend>
              {t('ra_places')} <span class="muted small">{t('ra_picked', { n: picked.length })}</span>
            </legend>
            <Field label={t('ra_filter_places')} name="place_filter" value={filter} onInput={setFilter} type="search" />
            {placesQ.loading && <Loading />}
            <ErrorNotice error={placesQ.error} />
            {!placesQ.loading && !places.length && <p class="muted">{t('ra_no_places')}</p>}
            <ul class="plain checks place-list">
              {shown.map((p) => (
                <li key={p.place_id} class="check">
                  <input
                    type="checkbox"
                    id={`pl-${p.place_id}`}
                    name="place_ids"
                    value={p.place_id}
                    checked={picked.includes(p.place_id)}
                    onChange={(e) => {
                      const on = (e.currentTarget as HTMLInputElement).checked;
                      setPicked(on ? [...picked, p.place_id] : picked.filter((x) => x !== p.place_id));
                    }}
                  />
                  <label for={`pl-${p.place_id}`}>
                    {p.name} <span class="muted small">{p.region}</span>
                  </label>
                </li>
              ))}
            </ul>
            {fieldProblem('place_ids') && <p class="error">{fieldProblem('place_ids')}</p>}
          </fieldset>
        )}
        <div class="two-col">
          <Field label={t('ra_from')} name="from" type="date" value={from} onInput={setFrom} max={shanghaiDate()} hint={t('ra_from_hint')} error={fieldProblem('from')} />
          <Field label={t('ra_to')} name="to" type="date" value={to} onInput={setTo} min={from} hint={t('ra_to_hint')} error={fieldProblem('to')} />
        </div>
        <Button type="submit" busy={publish.busy}>
          {t('ra_publish')}
        </Button>
      </form>
      <div class="section-head">
        <h2>{showAll ? t('ra_all') : t('ra_current')}</h2>
        <label class="inline-check">
          <input type="checkbox" name="show_lifted" checked={showAll} onChange={(e) => setShowAll((e.currentTarget as HTMLInputElement).checked)} /> {t('ra_show_lifted')}
        </label>
      </div>
      <LoadStatus q={q} empty={!q.error && !areas.length} />
      <ul class="cards">
        {areas.map((a) => (
          <AreaCard key={a.risk_area_id} a={a} onLift={lift} />
        ))}
      </ul>
    </Page>
  );
}
