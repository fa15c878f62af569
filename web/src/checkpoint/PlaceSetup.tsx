// Where the gate is (a picker of the places the person may scan at, from GET /api/v1/places)
// and which way people go. Without a place there is nothing to type: the person is told whom to ask.
import { t, tMaybe } from '../i18n';
import { ErrorNotice } from '../components/feedback/ErrorNotice';
import { Notice } from '../components/feedback/Notice';
import { DirectionField } from '../components/form/DirectionField';
import { Select } from '../components/form/Select';
import type { Direction } from './gateState';
import type { SavedPlace } from './store';

export function PlaceSetup(props: { places: SavedPlace[]; placesError?: unknown; placeId: string; onPlace: (id: string) => void; direction: Direction; onDirection: (d: Direction) => void }) {
  const { places, placeId } = props;
  const options: [string, string][] = places.map((p) => [p.place_id, `${p.name}${p.kind ? ` · ${tMaybe(`pl_kind_${p.kind}`) ?? p.kind}` : ''}`]);
  // A place no longer in the list (e.g. saved on this device before the assignment changed).
  if (!placeId && options.length) options.unshift(['', t('cp_pick_place')]);
  return (
    <div class="card form cp-setup">
      {options.length ? (
        <Select label={t('cp_place')} name="place" value={placeId} onChange={props.onPlace} options={options} />
      ) : props.placesError ? (
        <ErrorNotice error={props.placesError} />
      ) : (
        <Notice>{t('cp_no_places_ask')}</Notice>
      )}
      <DirectionField value={props.direction} onChange={props.onDirection} />
    </div>
  );
}
