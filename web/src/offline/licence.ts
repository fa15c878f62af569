// Offline verification of the service hall's electronic licences (电子证照) in the browser, with
// the published trust list (GET /api/v1/trust-list), as `onewindow verify` does: a licence is
// the QR text "OWL1:" + base45(zlib(COSE_Sign1)) or the downloaded COSE_Sign1 bytes; the
// Ed25519 signature must verify with a trusted key that was valid when the licence was issued,
// the issuer must be the key's region, and the licence must be within its validity.
// Claims: {1: iss, 6: iat, 4: exp (optional), -70002: {id, knd, kzh, ken, itm, izh, ien, cas,
// dep, dzh, den, hty, hnm, hid, isd, vto, fld}} (src/codes/licence_document.h).
import { base45Decode, cborDecode, CodeError, inflate, openSign1, type TrustKey } from './verify';

export interface LicenceContent {
  id: string;
  kind: string;
  title: { zh: string; en: string };
  item: { code: string; zh: string; en: string };
  case_number: string;
  department: { code: string; zh: string; en: string };
  holder: { type: string; name: string; id: string };
  issued_on: string;
  valid_until: string;
  fields: Record<string, string>;
}

export interface LicenceCheck {
  valid: boolean;
  reason: string; // the same stable reasons as `onewindow verify`
  issuer?: string;
  licence?: LicenceContent;
}


function content(l: Map<any, any>): LicenceContent {
  const s = (k: string) => {
    const v = l.get(k);
    if (typeof v !== 'string') throw new CodeError('bad_claims');
    return v;
  };
  const fld = l.get('fld');
  if (!(fld instanceof Map)) throw new CodeError('bad_claims');
  const fields: Record<string, string> = {};
  for (const [k, v] of fld) {
    if (typeof k !== 'string' || typeof v !== 'string') throw new CodeError('bad_claims');
    fields[k] = v;
  }
  return {
    id: s('id'),
    kind: s('knd'),
    title: { zh: s('kzh'), en: s('ken') },
    item: { code: s('itm'), zh: s('izh'), en: s('ien') },
    case_number: s('cas'),
    department: { code: s('dep'), zh: s('dzh'), en: s('den') },
    holder: { type: s('hty'), name: s('hnm'), id: s('hid') },
    issued_on: s('isd'),
    valid_until: s('vto'),
    fields,
  };
}

/** Verifies a licence (QR text or COSE bytes) at `now` (Unix seconds). Never throws. */
export async function verifyLicence(input: string | Uint8Array, keys: TrustKey[], now = Date.now() / 1000): Promise<LicenceCheck> {
  try {
    let cose: Uint8Array;
    if (typeof input === 'string') {
      const text = input.trim();
      if (!text.startsWith('OWL1:')) return { valid: false, reason: 'bad_prefix' };
      cose = await inflate(base45Decode(text.slice(5)));
    } else cose = input;
    const opened = await openSign1(cose, keys);
    if ('reason' in opened) return { valid: false, reason: opened.reason };
    const { body, key } = opened;
    const claims = cborDecode(body);
    if (!(claims instanceof Map)) return { valid: false, reason: 'bad_claims' };
    const iss = claims.get(1);
    const iat = claims.get(6);
    const exp = claims.get(4);
    const l = claims.get(-70002);
    if (typeof iss !== 'string' || typeof iat !== 'number' || (exp !== undefined && typeof exp !== 'number') || !(l instanceof Map)) return { valid: false, reason: 'bad_claims' };
    const base = { issuer: iss, licence: content(l) };
    if (iat < key.not_before || iat > key.not_after) return { ...base, valid: false, reason: 'key_not_valid' };
    if (iss !== key.region) return { ...base, valid: false, reason: 'issuer_mismatch' };
    if (now + 60 < iat) return { ...base, valid: false, reason: 'not_yet_valid' };
    if (exp !== undefined && now >= exp) return { ...base, valid: false, reason: 'expired' };
    return { ...base, valid: true, reason: 'ok' };
  } catch (e) {
    return { valid: false, reason: e instanceof CodeError ? e.reason : 'bad_cbor' };
  }
}
