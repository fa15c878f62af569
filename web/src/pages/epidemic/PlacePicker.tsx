// Places picked by name (with a filter) for a risk area that covers places.
import type { Place } from '../../api/models';
import { t } from '../../i18n';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Loading } from '../../components/feedback/Loading';
import { Field } from '../../components/form/Field';

export function PlacePicker(props: {
  places: Place[];
  placesQ: { loading: boolean; error: unknown };
  filter: string;
  setFilter: (v: string) => void;
  picked: string[];
  setPicked: (ids: string[]) => void;
  problem?: string;
}) {
  const { places, placesQ, filter, setFilter, picked, setPicked } = props;
  const shown = places.filter((p) => !filter.trim() || `${p.name} ${p.region} ${p.address ?? ''}`.includes(filter.trim()));
  return (
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
      {props.problem && <p class="error">{props.problem}</p>}
    </fieldset>
  );
}
