// The gate's state in one reducer (gateState.ts: the place and direction, the network, the trust
// list and the queue kept on the device, the verdicts, and what the last action said), with the
// actions that scan a code (online, or verified on the device and queued) and upload the queue.
import { useEffect, useReducer, useRef } from 'preact/hooks';
import { ApiError, NetworkError, get, post } from '../api';
import { t } from '../i18n';
import { cacheLoadedAssets } from '../offline/shell';
import { verifyOffline } from '../offline/verify';
import { newClientId } from './clientid';
import { loadScanner } from '../scan/loadScanner';
import { signal, unlockAudio } from './signal';
import { cachedTrust, deviceId, enqueue, queue, refreshTrust, savePlace, savePlaces, savedPlace, savedPlaces, uploadQueue } from './store';
import { fromOffline, fromServer, type Verdict } from './verdict';
import { gateReducer, type GateState, type Settable } from './gateState';

function initialState(): GateState {
  return {
    places: [],
    placeId: savedPlace(),
    direction: 'in',
    online: navigator.onLine,
    forceOffline: false,
    trust: cachedTrust(),
    queue: queue(),
    manual: '',
    recent: [],
    busy: false,
  };
}

export function useGate() {
  const [state, dispatch] = useReducer(gateReducer, undefined, initialState);
  // The async actions below read the state of the moment they act, not of the render that made them.
  const now = useRef(state);
  now.current = state;
  const offline = state.forceOffline || !state.online;
  const set = (patch: Partial<Settable>) => dispatch({ type: 'set', patch });
  const reloadTrust = () => refreshTrust().then((trust) => set({ trust }), () => undefined);

  useEffect(() => {
    // Warm the decoder up now, so it is in memory before the network can drop.
    void loadScanner()
      .then((m) => m.warmUp())
      .then(() => cacheLoadedAssets())
      .catch(() => undefined);
    get('/api/v1/places').then(
      (r) => {
        const list = r.places ?? [];
        savePlaces(list);
        // Keep the place saved on this device while the person may still scan there; a single
        // place is picked for them; with several they choose (an empty choice until then).
        const saved = savedPlace();
        const keep = list.some((p) => p.place_id === saved);
        dispatch({ type: 'places_loaded', places: list, first: keep ? undefined : list.length === 1 ? list[0].place_id : '' });
      },
      (e) => {
        if (e instanceof NetworkError && savedPlaces().length) dispatch({ type: 'places_loaded', places: savedPlaces() });
        else dispatch({ type: 'places_failed', error: e });
      },
    );
    void reloadTrust();
    const on = () => set({ online: true });
    const off = () => set({ online: false });
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);

  useEffect(() => {
    if (state.placeId) savePlace(state.placeId);
  }, [state.placeId]);

  const upload = async () => {
    dispatch({ type: 'upload_started' });
    try {
      const n = await uploadQueue();
      dispatch({ type: 'upload_ended', queue: queue(), msg: t('cp_uploaded', { n }) });
      void reloadTrust();
    } catch (e) {
      dispatch({ type: 'upload_ended', queue: queue(), error: e });
    }
  };

  // Back online: upload what was queued.
  useEffect(() => {
    if (!offline && queue().length) void upload();
  }, [offline]);

  const show = (verdict: Verdict) => {
    dispatch({ type: 'verdict_shown', verdict });
    signal(verdict.kind);
  };

  const verifyLocally = async (payload: string, client_id: string) => {
    const r = await verifyOffline(payload, cachedTrust()?.keys ?? []);
    const { placeId: place_id, direction } = now.current;
    enqueue({ client_id, place_id, payload, at: new Date().toISOString(), direction, local_valid: r.valid, local_reason: r.reason, colour: r.colour, masked_name: r.masked_name });
    set({ queue: queue() });
    show(fromOffline(r));
  };

  /** Checks a code: with the server when online, else on the device (and queues the pass). */
  const scan = async (payload: string) => {
    const text = payload.trim();
    if (!text) return;
    unlockAudio();
    const client_id = newClientId();
    const { placeId: place_id, direction, forceOffline, online } = now.current;
    if (forceOffline || !online) return verifyLocally(text, client_id);
    set({ busy: true, error: undefined });
    try {
      show(fromServer(await post('/api/v1/scans', { body: { payload: text, place_id, direction, client_id, device: deviceId() } })));
    } catch (e) {
      // 503: the server cannot check codes right now (e.g. its database is down) and stored
      // nothing; the gate judges on the device and queues the pass, as when offline.
      if (e instanceof NetworkError || (e instanceof ApiError && e.status === 503)) await verifyLocally(text, client_id);
      else if (e instanceof ApiError && e.status === 403) show({ kind: 'refused', reason: e.detail || t('reason_not_assigned'), offline: false, queued: false, at: new Date() });
      else set({ error: e });
    } finally {
      set({ busy: false });
    }
  };

  /** Scans the QR code in a picture the staff member picked. */
  const scanImage = async (f: File) => {
    try {
      const text = await (await loadScanner()).decodeImage(f);
      if (!text) set({ error: new Error(t('cp_upload_none')) });
      else await scan(text);
    } catch (err) {
      set({ error: err });
    }
  };

  return { state, offline, set, upload, scan, scanImage, closeVerdict: () => dispatch({ type: 'verdict_closed' }) };
}
