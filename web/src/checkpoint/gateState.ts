// The gate's state and the reducer that changes it (no effects: see useGate for those).
import type { RequestOf } from '../api';
import type { CachedTrust, QueuedRecord, SavedPlace } from './store';
import type { Verdict } from './verdict';

export type Direction = NonNullable<RequestOf<'/api/v1/scans'>['direction']>;

export interface GateState {
  places: SavedPlace[];
  placesError?: unknown;
  placeId: string;
  direction: Direction;
  online: boolean;
  forceOffline: boolean;
  trust: CachedTrust | null;
  queue: QueuedRecord[];
  /** The code typed or pasted into the form. */
  manual: string;
  verdict?: Verdict;
  /** The last ten verdicts, newest first. */
  recent: Verdict[];
  msg?: string;
  error?: unknown;
  busy: boolean;
}

export type Settable = Pick<GateState, 'placeId' | 'direction' | 'online' | 'forceOffline' | 'manual' | 'trust' | 'queue' | 'busy' | 'error'>;

export type GateAction =
  | { type: 'set'; patch: Partial<Settable> }
  | { type: 'places_loaded'; places: SavedPlace[]; first?: string }
  | { type: 'places_failed'; error: unknown }
  | { type: 'upload_started' }
  | { type: 'upload_ended'; queue: QueuedRecord[]; msg?: string; error?: unknown }
  | { type: 'verdict_shown'; verdict: Verdict }
  | { type: 'verdict_closed' };

export function gateReducer(s: GateState, a: GateAction): GateState {
  switch (a.type) {
    case 'set':
      return { ...s, ...a.patch };
    case 'places_loaded':
      return { ...s, places: a.places, placeId: a.first ?? s.placeId };
    case 'places_failed':
      return { ...s, placesError: a.error };
    case 'upload_started':
      return { ...s, busy: true, msg: undefined, error: undefined };
    case 'upload_ended':
      return { ...s, busy: false, queue: a.queue, msg: a.msg ?? s.msg, error: a.error ?? s.error };
    case 'verdict_shown':
      return { ...s, verdict: a.verdict, recent: [a.verdict, ...s.recent].slice(0, 10) };
    case 'verdict_closed':
      return { ...s, verdict: undefined, manual: '' };
  }
}
