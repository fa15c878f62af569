// The last verdicts at this gate, newest first.
import { fmtTime } from '../format';
import { colourWord, t } from '../i18n';
import { verdictWord, type Verdict } from './verdict';

export function RecentList({ recent }: { recent: Verdict[] }) {
  if (!recent.length) return null;
  return (
    <section class="card" aria-labelledby="recent-h">
      <h2 id="recent-h" class="h3">
        {t('cp_recent')}
      </h2>
      <ul class="queue">
        {recent.map((v, i) => (
          <li key={i}>
            <span class="muted">{fmtTime(v.at)}</span> <strong>{verdictWord(v.kind)}</strong> {v.colour && colourWord(v.colour)} {v.masked_name} {v.reason && `· ${v.reason}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
