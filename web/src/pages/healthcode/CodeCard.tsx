// The code itself: name, colour, QR picture, what the colour means, validity and refresh.
import { fmtDateTime } from '../../format';
import { colourHint, colourWord, localized, t } from '../../i18n';
import { Button } from '../../components/Button';
import { ColourBadge } from '../../components/ColourBadge';
import type { HealthCodeView } from './useHealthCode';

export function CodeCard({ code, name, svgUrl, busy, onRefresh }: { code: HealthCodeView; name: string; svgUrl?: string; busy: boolean; onRefresh: () => void }) {
  return (
    <div class={`code-card colour-${code.colour}`} data-colour={code.colour}>
      <p class="code-name">{name}</p>
      <p class="code-colour" aria-live="polite">
        <ColourBadge colour={code.colour} />
      </p>
      <div class="qr-frame">
        {svgUrl ? (
          <img class="qr" src={svgUrl} alt={t('code_qr_alt', { colour: colourWord(code.colour), name })} width={280} height={280} />
        ) : (
          <div class="qr qr-placeholder" aria-hidden="true" />
        )}
      </div>
      <p class="code-hint">{code.hint ? localized(code.hint) : colourHint(code.colour)}</p>
      <p class="muted small">
        {busy ? t('code_refreshing') : t('code_valid_until', { time: fmtDateTime(code.valid_until) })}
      </p>
      <Button kind="secondary" onClick={onRefresh} busy={busy}>
        {t('code_refresh_now')}
      </Button>
    </div>
  );
}
