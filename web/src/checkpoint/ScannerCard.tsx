// The viewfinder with the camera buttons, and the picture upload.
import { t } from '../i18n';
import { Button } from '../components/Button';
import { Notice } from '../components/feedback/Notice';
import type { useCamera } from '../scan/useCamera';

export function ScannerCard({ camera, onStart, onFile, disabled }: { camera: ReturnType<typeof useCamera>; onStart: () => void; onFile: (f: File) => void; disabled: boolean }) {
  return (
    <section class="card scanner" aria-labelledby="scan-h">
      <h2 id="scan-h" class="sr-only">
        {t('cp_start_camera')}
      </h2>
      <div class={`viewfinder${camera.on ? ' on' : ''}`}>
        <video ref={camera.video} muted playsInline aria-label={t('cp_camera_hint')} />
        {camera.on && (
          <p class="viewfinder-hint" aria-live="polite">
            {t('cp_camera_hint')}
          </p>
        )}
      </div>
      {camera.error && <Notice kind="error">{camera.error}</Notice>}
      <div class="actions">
        {camera.on ? (
          <Button kind="secondary" onClick={camera.stop}>
            {t('cp_stop_camera')}
          </Button>
        ) : (
          <Button onClick={onStart} disabled={disabled}>
            <span aria-hidden="true">◉ </span>
            {t('cp_start_camera')}
          </Button>
        )}
        <label class="btn btn-secondary file-btn">
          <span aria-hidden="true">⇪ </span>
          {t('cp_upload')}
          <input
            type="file"
            accept="image/*"
            class="sr-only"
            onChange={(e) => {
              const input = e.currentTarget as HTMLInputElement;
              const f = input.files?.[0];
              input.value = '';
              if (f) onFile(f);
            }}
            name="qr_image"
            disabled={disabled}
          />
        </label>
      </div>
    </section>
  );
}
