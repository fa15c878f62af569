// One risk area: level, scope, period, and (for officials) the button that lifts it.
import { useState } from 'preact/hooks';
import { fmtDateTime } from '../../format';
import { t } from '../../i18n';
import { Button } from '../../components/Button';
import type { RiskArea, RiskAreaPlace } from './types';
import { windowText } from './dates';

export function levelText(level: string): string {
  return t(level === 'high' ? 'ra_high' : 'ra_medium');
}

/** What an area covers: its region code, or its places by name. */
export function areaScope(a: RiskArea): string {
  if (a.region) return t('ra_scope_region', { region: a.region });
  return a.places.map((p: RiskAreaPlace) => p.name || p.place_id).join('、');
}

export function AreaCard({ a, onLift }: { a: RiskArea; onLift?: (a: RiskArea) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return (
    <li class={`card risk risk-${a.level}${a.status === 'lifted' ? ' lifted' : ''}`} data-area={a.risk_area_id}>
      <p>
        <strong class={`tag tag-${a.status === 'lifted' ? 'lifted' : a.level}`}>{levelText(a.level)}</strong> <strong>{a.name || areaScope(a)}</strong>
        {a.status === 'lifted' && <span class="tag"> {t('ra_lifted')}</span>}
      </p>
      {a.region && a.name && <p class="small">{areaScope(a)}</p>}
      {!a.region && (
        <ul class="plain small">
          {a.places.map((p: RiskAreaPlace) => (
            <li key={p.place_id}>
              {p.name || p.place_id}
              {p.address && <span class="muted"> · {p.address}</span>}
              {p.region && <span class="muted"> · {p.region}</span>}
            </li>
          ))}
        </ul>
      )}
      <p class="small">
        {t('ra_window')}
        {t('colon')}
        {windowText(a.from, a.to)}
      </p>
      <p class="muted small">
        {t('ra_published_at')} {fmtDateTime(a.published_at)}
        {a.lifted_at && ` · ${t('ra_lifted_at')} ${fmtDateTime(a.lifted_at)}`}
      </p>
      {onLift && a.status === 'active' && (
        <Button
          kind="secondary"
          busy={busy}
          aria-label={`${t('ra_lift')}：${a.name || areaScope(a)}`}
          onClick={async () => {
            setBusy(true);
            try {
              await onLift(a);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('ra_lift')}
        </Button>
      )}
    </li>
  );
}
