// The person's health code, kept fresh: reloaded 30 s before it expires, when the page becomes
// visible again, and every 30 s after an error; with the QR picture and the colour timeline.
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, type ItemOf, type ResponseOf } from '../../api';

/** GET /api/v1/me/health-code. */
export type HealthCodeView = ResponseOf<'/api/v1/me/health-code'>;
export type TimelineEntry = ItemOf<'/api/v1/me/colour/timeline', 'timeline'>;

/** Milliseconds until the QR must be refreshed: 30 s before it expires, at least 5 s. */
export function refreshDelay(validUntil: string, now = Date.now()): number {
  const end = new Date(validUntil).getTime();
  if (isNaN(end)) return 60_000;
  return Math.max(5_000, end - now - 30_000);
}

export function useHealthCode() {
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
      // Fetch the SVG as a blob so it is rendered from a fresh response, never a cached image;
      // without its caption, which the card shows as text in the page's (bundled) font.
      const res = await fetch(`/api/v1/me/health-code.svg?caption=none&ts=${Date.now()}`, { credentials: 'same-origin' });
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

  return { code, error, busy, svgUrl, timeline, load };
}
