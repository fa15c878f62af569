// The form that publishes a risk area, by region code or by places.
import { useState } from 'preact/hooks';
import { fieldError, get, post, type RequestOf, type ResponseOf } from '../../api';
import type { Place } from '../../api/models';
import { t } from '../../i18n';
import { Button } from '../../components/Button';
import { ImpactConfirm, type Impact } from '../../components/ImpactConfirm';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Notice } from '../../components/feedback/Notice';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import type { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';
import type { RiskArea } from './types';
import { shanghaiDate } from './dates';
import { PlacePicker } from './PlacePicker';

/** `publish` is the page's action: lifting an area reports its errors here too. */
export function PublishAreaForm({ publish, onPublished }: { publish: ReturnType<typeof useAction>; onPublished: () => void }) {
  const placesQ = useLoad(() => get('/api/v1/places'));
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'region' | 'places'>('region');
  const [region, setRegion] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [filter, setFilter] = useState('');
  const [level, setLevel] = useState<RiskArea['level']>('medium');
  const [from, setFrom] = useState(shanghaiDate(-13));
  const [to, setTo] = useState(shanghaiDate());
  const error = publish.error;
  const [published, setPublished] = useState<ResponseOf<'/api/v1/risk-areas', 'post'>>();
  // What publishing would do, shown for confirmation; any edit of the form drops it.
  const [impact, setImpact] = useState<Impact>();
  const edit = <T,>(set: (v: T) => void) => (v: T) => {
    setImpact(undefined);
    set(v);
  };
  const places: Place[] = placesQ.data?.places ?? [];
  const regionProblem = region && !/^(\d{2}|\d{4}|\d{6})$/.test(region) ? t('ra_region_invalid') : undefined;

  const submit = async (e: Event) => {
    e.preventDefault();
    setPublished(undefined);
    if (scope === 'region' ? !region || regionProblem : !picked.length) {
      publish.setError(new Error(scope === 'region' ? t('ra_need_region') : t('ra_need_places')));
      return;
    }
    await publish.run(async () => {
      setImpact(await post('/api/v1/risk-areas/preview', { body: body() }));
    }, 'preview');
  };
  const body = (): RequestOf<'/api/v1/risk-areas'> => {
    const b: RequestOf<'/api/v1/risk-areas'> = { level, from, to };
    // Unnamed areas are named after their places so notices and messages read well.
    const auto = scope === 'places' ? places.filter((p) => picked.includes(p.place_id)).map((p) => p.name).join('、') : '';
    if (name.trim() || auto) b.name = (name.trim() || auto).slice(0, 200);
    if (scope === 'region') b.region = region;
    else b.place_ids = picked;
    return b;
  };
  const confirm = () =>
    publish.run(async () => {
      const r = await post('/api/v1/risk-areas', { body: body() });
      setImpact(undefined);
      setPublished(r);
      setName('');
      setRegion('');
      setPicked([]);
      setFilter('');
      onPublished();
    }, 'publish');
  const fieldProblem = (n: string) => fieldError(error, n);

  return (
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
      <Field label={t('ra_name')} name="name" value={name} onInput={edit(setName)} optional maxLength={200} hint={t('ra_name_hint')} />
      <Select label={t('ra_level')} name="level" value={level} onChange={edit(setLevel)} options={[['high', t('ra_high')], ['medium', t('ra_medium')]]} hint={t('ra_level_hint')} />
      <fieldset class="field">
        <legend>{t('ra_scope')}</legend>
        <div class="radios">
          <label>
            <input type="radio" name="scope" value="region" checked={scope === 'region'} onChange={() => edit(setScope)('region')} /> {t('ra_scope_by_region')}
          </label>
          <label>
            <input type="radio" name="scope" value="places" checked={scope === 'places'} onChange={() => edit(setScope)('places')} /> {t('ra_scope_by_places')}
          </label>
        </div>
      </fieldset>
      {scope === 'region' ? (
        <Field label={t('ra_region')} name="region" value={region} onInput={edit((v: string) => setRegion(v.replace(/\D/g, '')))} inputMode="numeric" maxLength={6} hint={t('ra_region_hint')} error={regionProblem ?? fieldProblem('region')} />
      ) : (
        <PlacePicker places={places} placesQ={placesQ} filter={filter} setFilter={setFilter} picked={picked} setPicked={edit(setPicked)} problem={fieldProblem('place_ids')} />
      )}
      <div class="two-col">
        <Field label={t('ra_from')} name="from" type="date" value={from} onInput={edit(setFrom)} max={shanghaiDate()} hint={t('ra_from_hint')} error={fieldProblem('from')} />
        <Field label={t('ra_to')} name="to" type="date" value={to} onInput={edit(setTo)} min={from} hint={t('ra_to_hint')} error={fieldProblem('to')} />
      </div>
      {impact ? (
        <ImpactConfirm impact={impact} confirmLabel={t('ra_confirm_publish')} busy={publish.running === 'publish'} onConfirm={confirm} onCancel={() => setImpact(undefined)} />
      ) : (
        <Button type="submit" busy={publish.running === 'preview'}>
          {t('ra_publish')}
        </Button>
      )}
    </form>
  );
}
