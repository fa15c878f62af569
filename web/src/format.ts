// Dates and times as people in China read them (Asia/Shanghai), in the current language.
import { getLang } from './i18n';

export function fmtDateTime(iso: string | number | undefined | null): string {
  if (iso == null || iso === '') return '';
  const d = new Date(iso);
  if (isNaN(d.getTime())) return String(iso);
  return d.toLocaleString(getLang(), { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export function fmtTime(iso: string | number | Date): string {
  const d = new Date(iso);
  return d.toLocaleTimeString(getLang(), { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "3月12日" / "12 March" in Asia/Shanghai. */
export function fmtDay(iso: string | Date): string {
  const d = typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(iso + 'T12:00:00+08:00') : new Date(iso);
  if (isNaN(d.getTime())) return String(iso);
  return d.toLocaleDateString(getLang(), { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric' });
}
