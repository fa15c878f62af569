// The colour changes of the person, newest first, with their causes.
import { fmtDateTime } from '../../format';
import { t, tMaybe } from '../../i18n';
import { ColourBadge } from '../../components/ColourBadge';
import type { TimelineEntry } from './useHealthCode';

function causeText(cause: string): string {
  const [kind, detail] = cause.split(':');
  if (kind === 'signal' && detail) return tMaybe(`sg_${detail}`) ?? detail;
  return tMaybe(`cause_${kind}`) ?? cause;
}

export function ColourTimeline({ timeline }: { timeline: TimelineEntry[] }) {
  if (!timeline.length) return null;
  return (
    <section class="card" aria-labelledby="timeline-h">
      <h2 id="timeline-h">{t('code_timeline')}</h2>
      <ol class="timeline" reversed>
        {[...timeline].reverse().map((e, i) => (
          <li key={i}>
            <span class="muted">{fmtDateTime(e.at)}</span> <ColourBadge colour={e.old_colour} /> → <ColourBadge colour={e.new_colour} /> <span class="muted">· {causeText(e.cause)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
