// The form that publishes a risk area, by region code or by places.
import { useState } from 'preact/hooks';
import { fieldError, get, post, type RequestOf, type ResponseOf } from '../../api';
import type { Place } from '../../api/models';
import { t } from '../../i18n';
import { Button } from '../../components/Button';
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
      onPublished();
    });
  };
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
        <PlacePicker places={places} placesQ={placesQ} filter={filter} setFilter={setFilter} picked={picked} setPicked={setPicked} problem={fieldProblem('place_ids')} />
      )}
      <div class="two-col">
        <Field label={t('ra_from')} name="from" type="date" value={from} onInput={setFrom} max={shanghaiDate()} hint={t('ra_from_hint')} error={fieldProblem('from')} />
        <Field label={t('ra_to')} name="to" type="date" value={to} onInput={setTo} min={from} hint={t('ra_to_hint')} error={fieldProblem('to')} />
      </div>
      <Button type="submit" busy={publish.busy}>
        {t('ra_publish')}
      </Button>
    </form>
  );
}
