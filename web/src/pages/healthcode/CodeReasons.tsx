// Why the code has its colour, and the way to appeal when it is not green.
import { localized, t } from '../../i18n';
import { Link } from '../../router';
import type { HealthCodeView } from './useHealthCode';

export function CodeReasons({ code }: { code: HealthCodeView }) {
  return (
    <section class="card" aria-labelledby="reasons-h">
      <h2 id="reasons-h">{t('code_reasons')}</h2>
      {code.reasons.length ? (
        <ul class="reasons">
          {code.reasons.map((r: unknown, i: number) => (
            <li key={i}>{localized(r)}</li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('code_no_reasons')}</p>
      )}
      {code.colour !== 'green' && (
        <p>
          <Link href="/appeal">{t('nav_appeal')}</Link>
        </p>
      )}
    </section>
  );
}
