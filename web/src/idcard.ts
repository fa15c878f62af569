// Client-side checks of the 18-digit resident identity number (GB 11643-1999): region code,
// birth date and the ISO 7064 MOD 11-2 check digit. The server validates again; this only gives
// the person immediate feedback while typing.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
// Province-level prefixes of GB/T 2260 (incl. Taiwan, Hong Kong, Macao, and 91 for residence permits).
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53,
  54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91,
]);

export type IdProblem = 'empty' | 'length' | 'chars' | 'region' | 'birth' | 'check';

/** The check digit ('0'-'9' or 'X') for the first 17 digits. */
export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** Returns null when valid, else the first problem found. `partial` tolerates an unfinished number. */
export function idNumberProblem(raw: string, today = new Date()): IdProblem | null {
  const id = raw.trim().toUpperCase();
  if (!id) return 'empty';
  if (!/^[0-9]*X?$/.test(id) || (id.includes('X') && id.length !== 18)) return 'chars';
  if (id.length !== 18) return 'length';
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return 'chars';
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return 'region';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (
    y < 1900 ||
    birth.getUTCFullYear() !== y ||
    birth.getUTCMonth() !== m - 1 ||
    birth.getUTCDate() !== d ||
    birth.getTime() > today.getTime()
  )
    return 'birth';
  if (checkDigit(id.slice(0, 17)) !== id[17]) return 'check';
  return null;
}

/** Mainland mobile number (1[3-9]x xxxx xxxx). */
export function phoneOk(p: string): boolean {
  return /^1[3-9][0-9]{9}$/.test(p.replace(/[\s-]/g, ''));
}

/** Names: CJK, middle dot and Latin letters/spaces, 1-40 characters. */
export function nameOk(n: string): boolean {
  const s = n.trim();
  const len = [...s].length;
  return len >= 1 && len <= 40 && /^[\p{Script=Han}\p{Script=Latin}·・•\s.'-]+$/u.test(s);
}

// GB 32100-2015 unified social credit code (统一社会信用代码): 18 characters, check character.
const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function creditCodeOk(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC.indexOf(code[i]) * USCC_W[i];
  return USCC[(31 - (sum % 31)) % 31] === code[17];
}
