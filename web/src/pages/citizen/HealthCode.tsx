import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, type ItemOf, type ResponseOf } from '../../api';
import { colourHint, colourWord, fmtDateTime, fmtDay, localized, t, tMaybe, useLang } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { Button } from '../../components/Button';
import { ColourBadge } from '../../components/ColourBadge';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';

/** GET /api/v1/me/health-code. */
type HealthCodeView = ResponseOf<'/api/v1/me/health-code'>;
type TimelineEntry = ItemOf<'/api/v1/me/colour/timeline', 'timeline'>;

function causeText(cause: string): string {
  const [kind, detail] = cause.split(':');
  if (kind === 'signal' && detail) return tMaybe(`sg_${detail}`) ?? detail;
  return tMaybe(`cause_${kind}`) ?? cause;
}

/** Milliseconds until the QR must be refreshed: 30 s before it expires, at least 5 s. */
export function refreshDelay(validUntil: string, now = Date.now()): number {
  const end = new Date(validUntil).getTime();
  if (isNaN(end)) return 60_000;
  return Math.max(5_000, end - now - 30_000);
}

export function HealthCode() {
  useLang();
  const s = useSession();
  const [code, setCode] = useState<HealthCodeView>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [svgUrl, setSvgUrl] = useState<string>();
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const timer = useRef<number | undefined>(undefined);

  const load = async () => {
    setBusy(true);
    try {
      const r = await get('/api/v1/me/health-code');
      setCode(r);
      setError(undefined);
      // Fetch the SVG as a blob so it is rendered from a fresh response, never a cached image.
      const res = await fetch(`/api/v1/me/health-code.svg?ts=${Date.now()}`, { credentials: 'same-origin' });
      if (res.ok) {
        const blob = await res.blob();
        setSvgUrl((old) => {
          if (old) URL.revokeObjectURL(old);
          return URL.createObjectURL(blob);
        });
      }
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(load, refreshDelay(r.valid_until));
      get('/api/v1/me/colour/timeline').then(
        (x) => setTimeline(Array.isArray(x?.timeline) ? x.timeline : []),
        () => setTimeline([]),
      );
    } catch (e) {
      setError(e);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(load, 30_000);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    load();
    const onVisible = () => document.visibilityState === 'visible' && load();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearTimeout(timer.current);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  const name = code?.masked_name ?? (s.status === 'in' ? s.me.masked_name : '');
  const notDeclared = error instanceof ApiError && error.status === 404 && !error.missing;

  return (
    <Page title={t('code_title')}>
      {!code && !error && <Loading />}
      {notDeclared && (
        <Notice kind="info">
          {t('code_not_declared')} <Link href="/declare">{t('nav_declare')}</Link>
        </Notice>
      )}
      {!notDeclared && <ErrorNotice error={error} />}
      {code?.under_review && <Notice kind="info">{t('declared_review')}</Notice>}
      {code && (
        <div class="code-wrap">
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
            <p class="code-hint">{colourHint(code.colour)}</p>
            <p class="muted small">
              {busy ? t('code_refreshing') : t('code_valid_until', { time: fmtDateTime(code.valid_until) })}
            </p>
            <Button kind="secondary" onClick={load} busy={busy}>
              {t('code_refresh_now')}
            </Button>
          </div>

          {code.colour !== 'green' && (code.streak !== undefined || code.green_from) && (
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
              <Link href="/checkin" class="btn btn-primary">
                {t('nav_checkin')}
              </Link>
            </section>
          )}

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

          {timeline.length > 0 && (
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
          )}
          <p class="muted small">{t('code_offline_note')}</p>
        </div>
      )}
    </Page>
  );
}
