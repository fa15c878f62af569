// The gate: pick the place, scan (camera, typed/pasted text, or an uploaded picture), show a
// full-screen verdict with sound and vibration. Offline it verifies with the cached trust list,
// queues the pass records and uploads them when the network is back (state: useGate).
import { t, useLang } from '../i18n';
import { Page } from '../components/Page';
import { Notice } from '../components/feedback/Notice';
import { errorText } from '../components/feedback/ErrorNotice';
import { ManualEntry } from './ManualEntry';
import { PlaceSetup } from './PlaceSetup';
import { QueueCard } from './QueueCard';
import { RecentList } from './RecentList';
import { ScannerCard } from './ScannerCard';
import { StatusBar } from './StatusBar';
import { VerdictScreen } from './VerdictScreen';
import { unlockAudio } from './signal';
import { useCamera } from '../scan/useCamera';
import { useGate } from './useGate';

export function Checkpoint() {
  useLang();
  const gate = useGate();
  const { state: s, offline, set } = gate;
  // The person in front of the camera is still holding the same code after a verdict: ignore it
  // for a few seconds instead of recording a second pass.
  const camera = useCamera((text) => void gate.scan(text), { repeatMs: 8000 });
  const noPlace = !s.placeId;

  return (
    <Page title={t('cp_title')}>
      <StatusBar offline={offline} trust={s.trust} forceOffline={s.forceOffline} onForceOffline={(forceOffline) => set({ forceOffline })} />
      <PlaceSetup places={s.places} placesError={s.placesError} placeId={s.placeId} onPlace={(placeId) => set({ placeId })} direction={s.direction} onDirection={(direction) => set({ direction })} />
      <ScannerCard
        camera={camera}
        onStart={() => {
          unlockAudio();
          void camera.start();
        }}
        onFile={(f) => void gate.scanImage(f)}
        disabled={noPlace}
      />
      <ManualEntry value={s.manual} onInput={(manual) => set({ manual })} onSubmit={() => void gate.scan(s.manual)} busy={s.busy} disabled={noPlace} />
      {s.error ? <Notice kind="error">{errorText(s.error)}</Notice> : null}
      {s.msg && <Notice kind="success">{s.msg}</Notice>}
      <QueueCard queue={s.queue} places={s.places} onUpload={() => void gate.upload()} busy={s.busy} offline={offline} />
      <RecentList recent={s.recent} />
      {s.verdict && (
        <VerdictScreen
          v={s.verdict}
          onClose={() => {
            camera.resume();
            gate.closeVerdict();
          }}
        />
      )}
    </Page>
  );
}
