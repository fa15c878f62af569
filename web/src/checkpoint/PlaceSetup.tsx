// Where the gate is (a place it may scan at, or a typed place id) and which way people go.
import { t } from '../i18n';
import { ErrorNotice } from '../components/feedback/ErrorNotice';
import { Notice } from '../components/feedback/Notice';
import { DirectionField } from '../components/form/DirectionField';
import { Field } from '../components/form/Field';
import { Select } from '../components/form/Select';
import type { Direction } from './gateState';
import type { SavedPlace } from './store';

export function PlaceSetup(props: { places: SavedPlace[]; placesError?: unknown; placeId: string; onPlace: (id: string) => void; direction: Direction; onDirection: (d: Direction) => void }) {
  const { places, placeId } = props;
  const options: [string, string][] = places.map((p) => [p.place_id, `${p.name} (${p.place_id})`]);
  if (placeId && !places.some((p) => p.place_id === placeId)) options.unshift([placeId, placeId]);
  return (
    <div class="card form cp-setup">
      {options.length ? (
        <Select label={t('cp_place')} name="place" value={placeId} onChange={props.onPlace} options={options} />
      ) : (
        <>
          {props.placesError ? <ErrorNotice error={props.placesError} /> : <Notice>{t('cp_no_places')}</Notice>}
          <Field label={t('cp_place_id')} name="place_id" value={placeId} onInput={props.onPlace} />
        </>
      )}
      <DirectionField value={props.direction} onChange={props.onDirection} />
    </div>
  );
}
