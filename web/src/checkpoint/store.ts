// Checkpoint state kept on the device: the cached trust list and the queue of pass records
// made while offline (each with a client-generated id so a repeated upload changes nothing).
import { get, post } from '../api';
import { trustKeys, type TrustKey } from '../offline/verify';
import { newClientId } from './clientid';

const TRUST_KEY = 'ow.checkpoint.trust';
const QUEUE_KEY = 'ow.checkpoint.queue';
const PLACE_KEY = 'ow.checkpoint.place';
const DEVICE_KEY = 'ow.checkpoint.device';

export interface QueuedRecord {
  client_id: string;
  place_id: string;
  payload: string;
  at: string; // RFC 3339
  direction: 'in' | 'out';
  // What the gate showed (local verification), for the queue view.
  local_valid: boolean;
  local_reason: string;
  colour?: string;
  masked_name?: string;
}

export interface CachedTrust {
  fetched_at: string;
  keys: TrustKey[];
}

function read<T>(key: string, dflt: T): T {
  try {
    const s = localStorage.getItem(key);
    return s ? (JSON.parse(s) as T) : dflt;
  } catch {
    return dflt;
  }
}
function write(key: string, v: unknown) {
  localStorage.setItem(key, JSON.stringify(v));
}

export function deviceId(): string {
  let d = localStorage.getItem(DEVICE_KEY);
  if (!d) {
    d = `web-${newClientId().slice(-8)}`; // the random end, not the time-ordered start
    localStorage.setItem(DEVICE_KEY, d);
  }
  return d;
}

export const cachedTrust = (): CachedTrust | null => read<CachedTrust | null>(TRUST_KEY, null);

export async function refreshTrust(): Promise<CachedTrust> {
  const json = await get('/api/v1/trust-list');
  const c = { fetched_at: new Date().toISOString(), keys: trustKeys(json) };
  write(TRUST_KEY, c);
  return c;
}

export const queue = (): QueuedRecord[] => read<QueuedRecord[]>(QUEUE_KEY, []);
export function enqueue(r: QueuedRecord): void {
  write(QUEUE_KEY, [...queue(), r]);
}

export const savedPlace = (): string => localStorage.getItem(PLACE_KEY) ?? '';
// The places this staff member may scan at (id and name only), for offline use.
export interface SavedPlace {
  place_id: string;
  name: string;
  kind?: string;
}
export const savedPlaces = (): SavedPlace[] => read('ow.checkpoint.places', []);
export const savePlaces = (list: SavedPlace[]) => write('ow.checkpoint.places', list.map(({ place_id, name }) => ({ place_id, name })));
export const savePlace = (id: string) => localStorage.setItem(PLACE_KEY, id);

/** Uploads the queue place by place (POST /api/v1/scans/batch); removes what the server took. */
export async function uploadQueue(): Promise<number> {
  const all = queue();
  if (!all.length) return 0;
  const byPlace = new Map<string, QueuedRecord[]>();
  for (const r of all) byPlace.set(r.place_id, [...(byPlace.get(r.place_id) ?? []), r]);
  let sent = 0;
  for (const [place_id, recs] of byPlace) {
    for (let i = 0; i < recs.length; i += 1000) {
      const chunk = recs.slice(i, i + 1000);
      const records = chunk.map((r) => ({ client_id: r.client_id, payload: r.payload, at: r.at, direction: r.direction }));
      await post('/api/v1/scans/batch', { body: { place_id, device: deviceId(), records } });
      const done = new Set(chunk.map((r) => r.client_id));
      write(
        QUEUE_KEY,
        queue().filter((r) => !done.has(r.client_id)),
      );
      sent += chunk.length;
    }
  }
  return sent;
}
