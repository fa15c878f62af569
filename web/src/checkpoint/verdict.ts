// What the gate shows after a scan: pass, stop (yellow/red) or refused (no valid code), from the
// server's answer or from the offline verification.
import { colourHint, getLang, t, verdictText } from '../i18n';
import type { ResponseOf } from '../api';
import type { OfflineResult } from '../offline/verify';

export interface Verdict {
  kind: 'pass' | 'stop' | 'refused';
  colour?: string;
  masked_name?: string;
  reason: string;
  offline: boolean;
  queued: boolean;
  at: Date;
}

/** The answer of POST /api/v1/scans. */
export type ScanAnswer = ResponseOf<'/api/v1/scans', 'post'>;

/** "通行" / "禁止通行" / "无效码" in big letters. */
export function verdictWord(kind: Verdict['kind']): string {
  return kind === 'pass' ? t('cp_pass') : kind === 'stop' ? t('cp_stop') : t('cp_refused');
}

/** A refusal reason code (bad_signature, expired, ...) in words. */
export function reasonWords(code: string | undefined | null): string {
  if (!code) return '';
  return verdictText(code) ?? code;
}

export function fromServer(r: ScanAnswer): Verdict {
  const text = (getLang() === 'zh-CN' ? r.reason_zh : r.reason_en) || reasonWords(r.reason);
  const kind: Verdict['kind'] = r.allowed ? 'pass' : r.colour === 'yellow' || r.colour === 'red' ? 'stop' : 'refused';
  return { kind, colour: r.colour ?? undefined, masked_name: r.masked_name || undefined, reason: text, offline: false, queued: false, at: new Date() };
}

/** The verdict of a code checked on the device (the pass record is queued for upload). */
export function fromOffline(r: OfflineResult): Verdict {
  const kind: Verdict['kind'] = !r.valid ? 'refused' : r.colour === 'green' ? 'pass' : 'stop';
  // Worded as the server words it online: the verdict, then what the colour asks (online the
  // person's own reason follows the verdict instead; both from the server's table).
  const sep = getLang() === 'zh-CN' ? '：' : ': ';
  const reason = !r.valid ? reasonWords(r.reason) : r.colour === 'green' ? '' : `${reasonWords(`${r.colour}_code`)}${sep}${colourHint(r.colour)}`;
  return { kind, colour: r.valid ? r.colour : undefined, masked_name: r.masked_name, reason, offline: true, queued: true, at: new Date() };
}
