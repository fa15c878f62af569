// The gate: pick the place, scan (camera, typed/pasted text, or an uploaded picture), show a
// full-screen verdict with sound and vibration. Offline it verifies with the cached trust list,
// queues the pass records and uploads them when the network is back.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, NetworkError, get, post } from '../api';
import { colourHint, colourWord, fmtDateTime, fmtTime, getLang, t, tMaybe, useLang } from '../i18n';
import { Button } from '../components/Button';
import { Page } from '../components/Page';
import { ErrorNotice, errorText } from '../components/feedback/ErrorNotice';
import { Notice } from '../components/feedback/Notice';
import { DirectionField } from '../components/form/DirectionField';
import { Field } from '../components/form/Field';
import { Select } from '../components/form/Select';
import { TextArea } from '../components/form/TextArea';
import { verifyOffline } from '../offline/verify';
import { cacheLoadedAssets } from '../offline/shell';
import type { CameraScanner } from './scanner';

// The QR decoder (zxing-wasm) is loaded with the checkpoint screen only, and warmed up at once
// so it is in memory before the network can drop.
const scannerModule = () => import('./scanner');
import { cachedTrust, deviceId, enqueue, queue, refreshTrust, savePlace, savePlaces, savedPlace, savedPlaces, uploadQueue, type CachedTrust, type QueuedRecord } from './store';
import { newClientId } from './clientid';

export interface Verdict {
  kind: 'pass' | 'stop' | 'refused';
  colour?: string;
  masked_name?: string;
  reason: string;
  offline: boolean;
  queued: boolean;
  at: Date;
}

let audio: AudioContext | undefined;
function unlockAudio() {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    /* no audio */
  }
}

/** One short high beep for pass, three low beeps otherwise; vibration likewise. */
export function signal(kind: Verdict['kind']) {
  try {
    if (audio) {
      const tones = kind === 'pass' ? [[1320, 0, 0.15]] : [[330, 0, 0.18], [330, 0.25, 0.18], [330, 0.5, 0.18]];
      for (const [f, start, dur] of tones) {
        const o = audio.createOscillator();
        const g = audio.createGain();
        o.frequency.value = f;
        o.type = kind === 'pass' ? 'sine' : 'square';
        g.gain.value = 0.2;
        o.connect(g).connect(audio.destination);
        o.start(audio.currentTime + start);
        o.stop(audio.currentTime + start + dur);
      }
    }
  } catch {
    /* ignore */
  }
  try {
    navigator.vibrate?.(kind === 'pass' ? 120 : [200, 100, 200, 100, 200]);
  } catch {
    /* ignore */
  }
}

function reasonWords(code: string | undefined): string {
  if (!code) return '';
  return tMaybe(`reason_${code}`) ?? code;
}

function fromServer(r: any): Verdict {
  const lang = getLang();
  const text = (lang === 'zh-CN' ? r.reason_zh : r.reason_en) || reasonWords(r.reason);
  const kind: Verdict['kind'] = r.allowed ? 'pass' : r.colour === 'yellow' || r.colour === 'red' ? 'stop' : 'refused';
  return { kind, colour: r.colour ?? undefined, masked_name: r.masked_name || undefined, reason: text, offline: false, queued: false, at: new Date() };
}

export function VerdictScreen({ v, onClose }: { v: Verdict; onClose: () => void }) {
  const btn = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    btn.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const big = v.kind === 'pass' ? t('cp_pass') : v.kind === 'stop' ? t('cp_stop') : t('cp_refused');
  const icon = v.kind === 'pass' ? '✓' : '✕';
  const cls = v.kind === 'refused' ? 'refused' : v.colour ?? 'refused';
  return (
    <div class={`verdict verdict-${cls}`} role="alertdialog" aria-modal="true" aria-labelledby="verdict-title" aria-describedby="verdict-detail" data-verdict={v.kind} data-colour={v.colour ?? ''}>
      <div class="verdict-inner">
        <div class="verdict-icon" aria-hidden="true">
          {icon}
        </div>
        <h2 id="verdict-title" class="verdict-title">
          {big}
        </h2>
        <div id="verdict-detail">
          {v.colour && <p class="verdict-colour">{colourWord(v.colour)}</p>}
          {v.masked_name && <p class="verdict-name">{v.masked_name}</p>}
          {v.reason && <p class="verdict-reason">{v.reason}</p>}
          {v.offline && <p class="verdict-note">{t('cp_verified_offline')}</p>}
          {v.queued && <p class="verdict-note">{t('cp_queued')}</p>}
        </div>
        <button ref={btn} type="button" class="btn verdict-next" onClick={onClose}>
          {t('cp_next')}
        </button>
      </div>
    </div>
  );
}

export function Checkpoint() {
  useLang();
  const [places, setPlaces] = useState<any[]>([]);
  const [placesError, setPlacesError] = useState<unknown>();
  const [placeId, setPlaceId] = useState(savedPlace());
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [online, setOnline] = useState(navigator.onLine);
  const [forceOffline, setForceOffline] = useState(false);
  const [trust, setTrust] = useState<CachedTrust | null>(cachedTrust());
  const [q, setQ] = useState<QueuedRecord[]>(queue());
  const [manual, setManual] = useState('');
  const [verdict, setVerdict] = useState<Verdict>();
  const [recent, setRecent] = useState<Verdict[]>([]);
  const [camOn, setCamOn] = useState(false);
  const [camError, setCamError] = useState<string>();
  const [msg, setMsg] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const scanner = useRef<CameraScanner | undefined>(undefined);
  // The person in front of the camera is still holding the same code after a verdict: ignore it
  // for a few seconds instead of recording a second pass.
  const lastCode = useRef<{ text: string; at: number }>({ text: '', at: 0 });
  const offline = forceOffline || !online;

  useEffect(() => {
    void scannerModule()
      .then((m) => m.warmUp())
      .then(() => cacheLoadedAssets())
      .catch(() => undefined);
    get('/api/v1/places').then(
      (r) => {
        const list = r.places ?? [];
        setPlaces(list);
        savePlaces(list);
        if (!savedPlace() && list.length) {
          setPlaceId(list[0].place_id);
        }
      },
      (e) => {
        if (e instanceof NetworkError && savedPlaces().length) setPlaces(savedPlaces());
        else setPlacesError(e);
      },
    );
    refreshTrust().then(setTrust, () => undefined);
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
      scanner.current?.stop();
    };
  }, []);

  useEffect(() => {
    if (placeId) savePlace(placeId);
  }, [placeId]);

  // Back online: upload what was queued.
  useEffect(() => {
    if (!offline && queue().length) void upload();
  }, [offline]);

  const upload = async () => {
    setBusy(true);
    setMsg(undefined);
    setError(undefined);
    try {
      const n = await uploadQueue();
      setMsg(t('cp_uploaded', { n }));
      refreshTrust().then(setTrust, () => undefined);
    } catch (e) {
      setError(e);
    } finally {
      setQ(queue());
      setBusy(false);
    }
  };

  const show = (v: Verdict) => {
    setVerdict(v);
    setRecent((r) => [v, ...r].slice(0, 10));
    signal(v.kind);
  };

  const verifyLocally = async (payload: string, client_id: string) => {
    const keys = cachedTrust()?.keys ?? [];
    const r = await verifyOffline(payload, keys);
    const rec: QueuedRecord = {
      client_id,
      place_id: placeId,
      payload,
      at: new Date().toISOString(),
      direction,
      local_valid: r.valid,
      local_reason: r.reason,
      colour: r.colour,
      masked_name: r.masked_name,
    };
    enqueue(rec);
    setQ(queue());
    const kind: Verdict['kind'] = !r.valid ? 'refused' : r.colour === 'green' ? 'pass' : 'stop';
    const reason = !r.valid ? reasonWords(r.reason) : r.colour === 'green' ? '' : colourHint(r.colour);
    show({ kind, colour: r.valid ? r.colour : undefined, masked_name: r.masked_name, reason, offline: true, queued: true, at: new Date() });
  };

  const handle = async (payload: string) => {
    const text = payload.trim();
    if (!text) return;
    unlockAudio();
    const client_id = newClientId();
    if (offline) return verifyLocally(text, client_id);
    setBusy(true);
    setError(undefined);
    try {
      const r = await post('/api/v1/scans', { payload: text, place_id: placeId, direction, client_id, device: deviceId() });
      show(fromServer(r));
    } catch (e) {
      if (e instanceof NetworkError) await verifyLocally(text, client_id);
      else if (e instanceof ApiError && e.status === 403) show({ kind: 'refused', reason: e.detail || t('reason_not_assigned'), offline: false, queued: false, at: new Date() });
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  const startCamera = async () => {
    unlockAudio();
    setCamError(undefined);
    if (!video.current) return;
    const { CameraScanner } = await scannerModule();
    const s = new CameraScanner(video.current, (text) => {
      if (text === lastCode.current.text && Date.now() - lastCode.current.at < 8000) return false;
      lastCode.current = { text, at: Date.now() };
      setCamOn(false);
      s.stop();
      void handle(text);
      return true;
    });
    scanner.current = s;
    try {
      setCamOn(true);
      await s.start();
    } catch (e) {
      setCamOn(false);
      setCamError(t('cp_camera_error', { detail: (e as Error)?.name || String(e) }));
    }
  };
  const stopCamera = () => {
    scanner.current?.stop();
    scanner.current = undefined;
    setCamOn(false);
  };

  const closeVerdict = () => {
    const wasCamera = !!scanner.current && !camOn;
    if (lastCode.current.text) lastCode.current.at = Date.now();
    setVerdict(undefined);
    setManual('');
    if (wasCamera && scanner.current) void startCamera();
  };

  const onFile = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const f = input.files?.[0];
    input.value = '';
    if (!f) return;
    try {
      const text = await (await scannerModule()).decodeImage(f);
      if (!text) setError(new Error(t('cp_upload_none')));
      else await handle(text);
    } catch (err) {
      setError(err);
    }
  };

  const placeOptions: [string, string][] = places.map((p) => [p.place_id, `${p.name} (${p.place_id})`]);
  if (placeId && !places.some((p) => p.place_id === placeId)) placeOptions.unshift([placeId, placeId]);

  return (
    <Page title={t('cp_title')}>
      <div class="cp-status" role="status">
        <span class={`pill ${offline ? 'pill-off' : 'pill-on'}`}>
          <span aria-hidden="true">{offline ? '○ ' : '● '}</span>
          {offline ? t('cp_offline') : t('cp_online')}
        </span>
        <span class="muted small">
          {t('cp_trust_list')}: {trust ? t('cp_trust_list_age', { n: trust.keys.length, time: fmtDateTime(trust.fetched_at) }) : t('cp_trust_list_none')}
        </span>
        <label class="inline-check">
          <input type="checkbox" name="force_offline" checked={forceOffline} onChange={(e) => setForceOffline((e.currentTarget as HTMLInputElement).checked)} /> {t('cp_force_offline')}
        </label>
      </div>
      {offline && <Notice kind="warning">{t('cp_offline_mode')}</Notice>}

      <div class="card form cp-setup">
        {placeOptions.length ? (
          <Select label={t('cp_place')} name="place" value={placeId} onChange={setPlaceId} options={placeOptions} />
        ) : (
          <>
            {placesError ? <ErrorNotice error={placesError} /> : <Notice>{t('cp_no_places')}</Notice>}
            <Field label={t('cp_place_id')} name="place_id" value={placeId} onInput={setPlaceId} />
          </>
        )}
        <DirectionField value={direction} onChange={setDirection} />
      </div>

      <section class="card scanner" aria-labelledby="scan-h">
        <h2 id="scan-h" class="sr-only">
          {t('cp_start_camera')}
        </h2>
        <div class={`viewfinder${camOn ? ' on' : ''}`}>
          <video ref={video} muted playsInline aria-label={t('cp_camera_hint')} />
          {camOn && (
            <p class="viewfinder-hint" aria-live="polite">
              {t('cp_camera_hint')}
            </p>
          )}
        </div>
        {camError && <Notice kind="error">{camError}</Notice>}
        <div class="actions">
          {camOn ? (
            <Button kind="secondary" onClick={stopCamera}>
              {t('cp_stop_camera')}
            </Button>
          ) : (
            <Button onClick={startCamera} disabled={!placeId}>
              <span aria-hidden="true">◉ </span>
              {t('cp_start_camera')}
            </Button>
          )}
          <label class="btn btn-secondary file-btn">
            <span aria-hidden="true">⇪ </span>
            {t('cp_upload')}
            <input type="file" accept="image/*" class="sr-only" onChange={onFile} name="qr_image" disabled={!placeId} />
          </label>
        </div>
      </section>

      <form
        class="card form"
        onSubmit={(e) => {
          e.preventDefault();
          void handle(manual);
        }}
      >
        <h2 class="h3">{t('cp_manual')}</h2>
        <TextArea label={t('cp_payload')} name="payload" value={manual} onInput={setManual} rows={3} />
        <Button type="submit" busy={busy} disabled={!placeId || !manual.trim()}>
          {t('cp_verify')}
        </Button>
      </form>
      {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
      {msg && <Notice kind="success">{msg}</Notice>}

      <section class="card" aria-labelledby="queue-h">
        <h2 id="queue-h" class="h3">
          {t('cp_queue')} <span class="count">({q.length})</span>
        </h2>
        {q.length === 0 ? (
          <p class="muted">{t('cp_queue_empty')}</p>
        ) : (
          <>
            <ul class="queue">
              {q.map((r) => (
                <li key={r.client_id}>
                  <span class="muted">{fmtTime(r.at)}</span> {places.find((p) => p.place_id === r.place_id)?.name ?? r.place_id} · {t(`dir_${r.direction}`)} · {r.local_valid ? colourWord(r.colour) : reasonWords(r.local_reason)} {r.masked_name}
                </li>
              ))}
            </ul>
            <Button onClick={upload} busy={busy} disabled={offline}>
              {t('cp_upload_now')}
            </Button>
          </>
        )}
      </section>

      {recent.length > 0 && (
        <section class="card" aria-labelledby="recent-h">
          <h2 id="recent-h" class="h3">
            {t('cp_recent')}
          </h2>
          <ul class="queue">
            {recent.map((v, i) => (
              <li key={i}>
                <span class="muted">{fmtTime(v.at)}</span> <strong>{v.kind === 'pass' ? t('cp_pass') : v.kind === 'stop' ? t('cp_stop') : t('cp_refused')}</strong> {v.colour && colourWord(v.colour)} {v.masked_name} {v.reason && `· ${v.reason}`}
              </li>
            ))}
          </ul>
        </section>
      )}
      {verdict && <VerdictScreen v={verdict} onClose={closeVerdict} />}
    </Page>
  );
}
