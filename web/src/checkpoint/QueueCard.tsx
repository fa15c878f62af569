// The pass records made offline and not yet uploaded, with the button that uploads them.
import { fmtTime } from '../format';
import { colourWord, t } from '../i18n';
import { Button } from '../components/Button';
import type { QueuedRecord, SavedPlace } from './store';
import { reasonWords } from './verdict';

export function QueueCard({ queue, places, onUpload, busy, offline }: { queue: QueuedRecord[]; places: SavedPlace[]; onUpload: () => void; busy: boolean; offline: boolean }) {
  return (
    <section class="card" aria-labelledby="queue-h">
      <h2 id="queue-h" class="h3">
        {t('cp_queue')} <span class="count">({queue.length})</span>
      </h2>
      {queue.length === 0 ? (
        <p class="muted">{t('cp_queue_empty')}</p>
      ) : (
        <>
          <ul class="queue">
            {queue.map((r) => (
              <li key={r.client_id}>
                <span class="muted">{fmtTime(r.at)}</span> {places.find((p) => p.place_id === r.place_id)?.name ?? r.place_id} · {t(`dir_${r.direction}`)} · {r.local_valid ? colourWord(r.colour) : reasonWords(r.local_reason)} {r.masked_name}
              </li>
            ))}
          </ul>
          <Button onClick={onUpload} busy={busy} disabled={offline}>
            {t('cp_upload_now')}
          </Button>
        </>
      )}
    </section>
  );
}
