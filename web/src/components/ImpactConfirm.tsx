// Before an action changes people's codes (a case report, a risk area), the official sees what
// it will do — how many people, their colours now, what they turn — and confirms or goes back.
import type { ResponseOf } from '../api';
import { t, tMaybe } from '../i18n';
import { Button } from './Button';

export type Impact = ResponseOf<'/api/v1/risk-areas/preview', 'post'>;

const colourWord = (c: string) => tMaybe(`im_colour_${c}`) ?? c;

export function ImpactConfirm({ impact, confirmLabel, busy, onConfirm, onCancel }: { impact: Impact; confirmLabel: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const worse = impact.groups.reduce((n, g) => n + g.worse, 0);
  return (
    <section class="card impact" role="region" aria-labelledby="impact-h" data-testid="impact">
      <h3 id="impact-h" class="h4">
        {t('im_title')}
      </h3>
      {impact.people === 0 ? (
        <p>{t('im_nobody')}</p>
      ) : (
        <ul>
          {impact.groups
            .filter((g) => g.people > 0)
            .map((g) => (
              <li key={g.group} data-group={g.group}>
                {tMaybe(`im_group_${g.group}`, { n: g.people, colour: colourWord(g.becomes) }) ?? `${g.group}: ${g.people}`}
                <span class="muted">
                  {t('im_now', { green: g.now.green, yellow: g.now.yellow, red: g.now.red })}
                </span>
              </li>
            ))}
        </ul>
      )}
      {impact.people > 0 && <p>{t('im_worse', { n: worse })}</p>}
      {impact.notice_regions.length > 0 && <p class="muted">{t('im_notice', { regions: impact.notice_regions.join('、') })}</p>}
      <div class="actions">
        <Button kind="danger" busy={busy} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button kind="secondary" onClick={onCancel} disabled={busy}>
          {t('im_back')}
        </Button>
      </div>
    </section>
  );
}
