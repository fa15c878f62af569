// Dates and periods as shown on the epidemic pages (Asia/Shanghai).
import { fmtDateTime } from '../../format';

/** Today's date in Asia/Shanghai as YYYY-MM-DD, `days` from now. */
export function shanghaiDate(days = 0, now = Date.now()): string {
  return new Date(now + days * 86400000 + 8 * 3600000).toISOString().slice(0, 10);
}

/** "from – to" of two instants; the end shown without the date when on the same day. */
export function span(from: string, to: string, entryOnly = false): string {
  if (entryOnly || from === to) return fmtDateTime(from);
  const a = fmtDateTime(from);
  const b = fmtDateTime(to);
  const sameDay = a.slice(0, 10) === b.slice(0, 10) && a.length === b.length;
  return `${a} – ${sameDay ? b.slice(a.length - 5) : b}`;
}

const DAY = 86400000;
const SH = 8 * 3600000;
/** A risk area's period: whole Shanghai days as dates ("to" is the end of its last day). */
export function windowText(from: string, to: string): string {
  const f = Date.parse(from);
  const e = Date.parse(to);
  if (isNaN(f) || isNaN(e)) return `${from} – ${to}`;
  if ((f + SH) % DAY === 0 && (e + SH) % DAY === 0 && e > f) {
    const d1 = new Date(f + SH).toISOString().slice(0, 10);
    const d2 = new Date(e - 1 + SH).toISOString().slice(0, 10);
    return d1 === d2 ? d1 : `${d1} – ${d2}`;
  }
  return `${fmtDateTime(from)} – ${fmtDateTime(to)}`;
}
