// Offline verification of OneWindow health codes (OW1:) at a gate without network, using the
// cached trust list (GET /api/v1/trust-list). Checks what can be checked offline: the Ed25519
// COSE_Sign1 signature, the key's validity window, issuer and expiry. The live colour cannot be
// known offline: the screen says so.
//
// OW1: + base45( zlib( COSE_Sign1 [protected, unprotected, payload, signature] ) )
// payload = CWT {1: iss, 4: exp, 6: iat, -70001: {sub, col, nam, nid, rv}}.
import { verifyAsync } from '@noble/ed25519';

// ---- base45 (RFC 9285) ----
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
export function base45Decode(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 3) {
    const chunk = s.slice(i, i + 3);
    const v = [...chunk].map((c) => {
      const n = B45.indexOf(c);
      if (n < 0) throw new CodeError('bad_base45');
      return n;
    });
    if (chunk.length === 3) {
      const n = v[0] + v[1] * 45 + v[2] * 2025;
      if (n > 0xffff) throw new CodeError('bad_base45');
      out.push(n >> 8, n & 0xff);
    } else if (chunk.length === 2) {
      const n = v[0] + v[1] * 45;
      if (n > 0xff) throw new CodeError('bad_base45');
      out.push(n);
    } else throw new CodeError('bad_base45');
  }
  return new Uint8Array(out);
}

// ---- zlib (RFC 1950) via the browser's DecompressionStream ----
export async function inflate(data: Uint8Array, limit = 64 * 1024): Promise<Uint8Array> {
  try {
    const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate'));
    const reader = stream.getReader();
    const parts: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) throw new Error('too large');
      parts.push(value);
    }
    const out = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  } catch {
    throw new CodeError('bad_zlib');
  }
}

// ---- minimal CBOR (RFC 8949) decoder: enough for COSE/CWT ----
export type Cbor = number | bigint | string | Uint8Array | boolean | null | undefined | Cbor[] | Map<Cbor, Cbor> | Tagged;
export class Tagged {
  constructor(
    public tag: number,
    public value: Cbor,
  ) {}
}

export function cborDecode(buf: Uint8Array): Cbor {
  let pos = 0;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const need = (n: number) => {
    if (pos + n > buf.length) throw new CodeError('bad_cbor');
  };
  const readLen = (info: number): number => {
    if (info < 24) return info;
    if (info === 24) {
      need(1);
      return buf[pos++];
    }
    if (info === 25) {
      need(2);
      const v = view.getUint16(pos);
      pos += 2;
      return v;
    }
    if (info === 26) {
      need(4);
      const v = view.getUint32(pos);
      pos += 4;
      return v;
    }
    if (info === 27) {
      need(8);
      const v = view.getBigUint64(pos);
      pos += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new CodeError('bad_cbor');
      return Number(v);
    }
    throw new CodeError('bad_cbor');
  };
  const item = (depth: number): Cbor => {
    if (depth > 32) throw new CodeError('bad_cbor');
    need(1);
    const ib = buf[pos++];
    const major = ib >> 5;
    const info = ib & 31;
    switch (major) {
      case 0:
        return readLen(info);
      case 1:
        return -1 - readLen(info);
      case 2: {
        const n = readLen(info);
        need(n);
        const b = buf.slice(pos, pos + n);
        pos += n;
        return b;
      }
      case 3: {
        const n = readLen(info);
        need(n);
        const s = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(pos, pos + n));
        pos += n;
        return s;
      }
      case 4: {
        const n = readLen(info);
        if (n > buf.length) throw new CodeError('bad_cbor');
        const a: Cbor[] = [];
        for (let i = 0; i < n; i++) a.push(item(depth + 1));
        return a;
      }
      case 5: {
        const n = readLen(info);
        if (n > buf.length) throw new CodeError('bad_cbor');
        const m = new Map<Cbor, Cbor>();
        for (let i = 0; i < n; i++) {
          const k = item(depth + 1);
          m.set(k, item(depth + 1));
        }
        return m;
      }
      case 6:
        return new Tagged(readLen(info), item(depth + 1));
      case 7:
        if (info === 20) return false;
        if (info === 21) return true;
        if (info === 22) return null;
        if (info === 23) return undefined;
        if (info === 25) {
          need(2);
          const h = view.getUint16(pos);
          pos += 2;
          return halfToFloat(h);
        }
        if (info === 26) {
          need(4);
          const v = view.getFloat32(pos);
          pos += 4;
          return v;
        }
        if (info === 27) {
          need(8);
          const v = view.getFloat64(pos);
          pos += 8;
          return v;
        }
        throw new CodeError('bad_cbor');
    }
    throw new CodeError('bad_cbor');
  };
  const v = item(0);
  if (pos !== buf.length) throw new CodeError('bad_cbor');
  return v;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

// Canonical encoding of the Sig_structure ["Signature1", protected, h'', payload].
function encHead(major: number, n: number): number[] {
  if (n < 24) return [(major << 5) | n];
  if (n < 0x100) return [(major << 5) | 24, n];
  if (n < 0x10000) return [(major << 5) | 25, n >> 8, n & 0xff];
  return [(major << 5) | 26, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}
export function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  const ctx = new TextEncoder().encode('Signature1');
  const parts = [encHead(4, 4), encHead(3, ctx.length), [...ctx], encHead(2, protectedBytes.length), [...protectedBytes], encHead(2, 0), encHead(2, payload.length), [...payload]];
  return new Uint8Array(parts.flat());
}

// ---- trust list ----
export interface TrustKey {
  region: string;
  kid: string; // base64
  public_key: string; // base64
  not_before: number;
  not_after: number;
}

export function b64decode(s: string): Uint8Array {
  const norm = s.replace(/-/g, '+').replace(/_/g, '/');
  const pad = norm + '='.repeat((4 - (norm.length % 4)) % 4);
  const bin = atob(pad);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
export function b64encode(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s);
}

/** Keys from GET /api/v1/trust-list (a signed envelope or a bare list). */
export function trustKeys(json: any): TrustKey[] {
  const list = json?.trust_list ?? json;
  const keys: TrustKey[] = [];
  for (const [region, arr] of Object.entries<any[]>(list?.regions ?? {})) {
    for (const k of arr ?? []) {
      keys.push({
        region,
        kid: k.kid,
        public_key: k.public_key,
        not_before: toSeconds(k.not_before, 0),
        not_after: toSeconds(k.not_after, Number.MAX_SAFE_INTEGER),
      });
    }
  }
  return keys;
}
function toSeconds(v: unknown, dflt: number): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return isNaN(t) ? dflt : Math.floor(t / 1000);
  }
  return dflt;
}

export class CodeError extends Error {
  constructor(public reason: string) {
    super(reason);
  }
}

export interface OfflineResult {
  valid: boolean;
  reason: string;
  colour?: string;
  masked_name?: string;
  masked_id?: string;
  issuer?: string;
  expires?: number;
}

const eq = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Opens a COSE_Sign1 (under any tags: 18, CWT 61) signed with Ed25519 by one of `keys` that
 * `eligible` admits (a key of the kid that none admits is `key_not_valid`): its payload and the
 * key, or the reason it is not. Shared by the codes' and the licences' verification.
 */
export async function openSign1(cose: Uint8Array, keys: TrustKey[], eligible: (k: TrustKey) => boolean = () => true): Promise<{ body: Uint8Array; key: TrustKey } | { reason: string }> {
  let msg = cborDecode(cose);
  while (msg instanceof Tagged) msg = msg.value;
  if (!Array.isArray(msg) || msg.length !== 4) return { reason: 'bad_cose' };
  const [prot, unprot, body, sig] = msg;
  if (!(prot instanceof Uint8Array) || !(body instanceof Uint8Array) || !(sig instanceof Uint8Array)) return { reason: 'bad_cose' };
  const ph = prot.length ? cborDecode(prot) : new Map();
  if (!(ph instanceof Map)) return { reason: 'bad_cose' };
  const alg = ph.get(1) ?? (unprot instanceof Map ? unprot.get(1) : undefined);
  if (alg !== -8) return { reason: alg === undefined ? 'bad_cose' : 'unsupported_alg' };
  const kid = ph.get(4) ?? (unprot instanceof Map ? unprot.get(4) : undefined);
  if (!(kid instanceof Uint8Array)) return { reason: 'unknown_kid' };
  const kidB64 = b64encode(kid);
  const candidates = keys.filter((k) => eq(b64decode(k.kid), kid) || k.kid === kidB64);
  if (!candidates.length) return { reason: 'unknown_kid' };
  const admitted = candidates.filter(eligible);
  if (!admitted.length) return { reason: 'key_not_valid' };
  const tbs = sigStructure(prot, body);
  for (const k of admitted) {
    if (await verifyAsync(sig, tbs, b64decode(k.public_key)).catch(() => false)) return { body, key: k };
  }
  return { reason: 'bad_signature' };
}

/** Verifies an OW1 payload against the trust list at `now` (Unix seconds). Never throws. */
export async function verifyOffline(payload: string, keys: TrustKey[], now = Date.now() / 1000): Promise<OfflineResult> {
  try {
    const text = payload.trim();
    if (text.startsWith('HC1:')) return { valid: false, reason: 'hcert' };
    if (!text.startsWith('OW1:')) return { valid: false, reason: 'bad_prefix' };
    const cose = await inflate(base45Decode(text.slice(4)));
    const opened = await openSign1(cose, keys, (k) => now >= k.not_before && now <= k.not_after);
    if ('reason' in opened) return { valid: false, reason: opened.reason };
    const { body, key } = opened;
    const claims = cborDecode(body);
    if (!(claims instanceof Map)) return { valid: false, reason: 'bad_claims' };
    const iss = claims.get(1);
    const exp = claims.get(4);
    const iat = claims.get(6);
    const hc = claims.get(-70001);
    if (typeof iss !== 'string' || typeof exp !== 'number' || typeof iat !== 'number' || !(hc instanceof Map)) return { valid: false, reason: 'bad_claims' };
    const base = {
      issuer: iss,
      expires: exp,
      colour: String(hc.get('col') ?? ''),
      masked_name: String(hc.get('nam') ?? ''),
      masked_id: String(hc.get('nid') ?? ''),
    };
    if (iss !== key.region) return { ...base, valid: false, reason: 'issuer_mismatch' };
    if (now >= exp) return { ...base, valid: false, reason: 'expired' };
    if (now + 60 < iat) return { ...base, valid: false, reason: 'not_yet_valid' };
    return { ...base, valid: true, reason: 'ok' };
  } catch (e) {
    return { valid: false, reason: e instanceof CodeError ? e.reason : 'bad_cbor' };
  }
}
