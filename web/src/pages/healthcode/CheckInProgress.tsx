// Not green yet: the check-in streak and the day the code can turn green.
import { fmtDay } from '../../format';
import { t } from '../../i18n';
import { Link } from '../../router';
import type { HealthCodeView } from './useHealthCode';

export function CheckInProgress({ code }: { code: HealthCodeView }) {
  if (code.colour === 'green' || (code.streak === undefined && !code.green_from)) return null;
  return (
    <section class="card progress-card" aria-labelledby="progress-h">
      <h2 id="progress-h">{t('nav_checkin')}</h2>
      {code.streak !== undefined && code.streak_required !== undefined && (
        <>
          <p class="streak">{t('streak', { n: code.streak, of: code.streak_required })}</p>
          <progress max={code.streak_required} value={code.streak} aria-label={t('streak', { n: code.streak, of: code.streak_required })} />
        </>
      )}
      {code.green_from && <p class="green-on">{t('turns_green_on', { date: fmtDay(code.green_from) })}</p>}
      <p class="muted small">{t('turns_green_hint')}</p>
      {code.checked_in_today ? (
        <p class="checkin-done" data-testid="checkin-done-today">
          {t('checkin_done_today')}
        </p>
      ) : (
        <Link href="/checkin" class="btn btn-primary">
          {t('nav_checkin')}
        </Link>
      )}
    </section>
  );
}
