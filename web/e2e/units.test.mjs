// Unit tests of the browser-side logic that needs no browser: resident-ID and credit-code
// checks, and the offline verifier (base45, zlib, CBOR, COSE_Sign1/Ed25519, claims) against
// codes made here with known keys, and against a real code from `onewindow serve` when that
// build has the health-code API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { build } from 'vite';
import * as ed from '@noble/ed25519';
import { startServer, newIdNumber } from './harness.mjs';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let out;
let verify;
let idcard;
let clientid;

before(async () => {
  // Compile the TypeScript modules under test with Vite (the same toolchain as the app).
  out = mkdtempSync(join(tmpdir(), 'ow-units-'));
  await build({
    root: webDir,
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir: out,
      emptyOutDir: true,
      minify: false,
      lib: { entry: { verify: join(webDir, 'src/offline/verify.ts'), idcard: join(webDir, 'src/idcard.ts'), clientid: join(webDir, 'src/checkpoint/clientid.ts') }, formats: ['es'] },
    },
  });
  verify = await import(pathToFileURL(join(out, 'verify.js')).href);
  idcard = await import(pathToFileURL(join(out, 'idcard.js')).href);
  clientid = await import(pathToFileURL(join(out, 'clientid.js')).href);
});
after(() => out && rmSync(out, { recursive: true, force: true }));

test('GB 11643 resident ID checks', () => {
  assert.equal(idcard.idNumberProblem('330104199003071233'), null);
  assert.equal(idcard.idNumberProblem('11010519491231002X'), null);
  assert.equal(idcard.idNumberProblem('11010519491231002x'), null);
  assert.equal(idcard.idNumberProblem('330104199003071234'), 'check');
  assert.equal(idcard.idNumberProblem('330104199002301233'), 'birth'); // 30 February
  assert.equal(idcard.idNumberProblem('990104199003071233'), 'region');
  assert.equal(idcard.idNumberProblem('3301041990'), 'length');
  assert.equal(idcard.idNumberProblem('33010419900307123A'), 'chars');
  assert.equal(idcard.idNumberProblem(''), 'empty');
  for (let i = 0; i < 50; i++) assert.equal(idcard.idNumberProblem(newIdNumber()), null);
  assert.equal(idcard.checkDigit('33010419900307123'), '3');
  assert.ok(idcard.phoneOk('13812345678'));
  assert.ok(!idcard.phoneOk('12812345678'));
  assert.ok(idcard.nameOk('张三') && idcard.nameOk('阿卜杜·热合曼') && idcard.nameOk('Anna Li'));
  assert.ok(!idcard.nameOk('') && !idcard.nameOk('张三3'));
});

test('client ids of pass records are UUIDv7: unique, and ordered by time', () => {
  const form = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const t0 = Date.UTC(2026, 10, 26, 1, 2, 3, 4);
  const id = clientid.newClientId(t0);
  assert.match(id, form);
  // The first 48 bits are the milliseconds since the epoch.
  assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), t0);
  const ids = [];
  for (let i = 0; i < 2000; i++) ids.push(clientid.newClientId(t0 + Math.floor(i / 7)));
  assert.equal(new Set(ids).size, ids.length, 'unique within a millisecond too');
  for (const x of ids) assert.match(x, form);
  // Later milliseconds sort after earlier ones (the server's index grows at its end).
  for (let i = 7; i < ids.length; i += 7) assert.ok(ids[i - 1] < ids[i], `${ids[i - 1]} < ${ids[i]}`);
  assert.ok(clientid.newClientId(Date.UTC(2030, 0, 1)) > clientid.newClientId(Date.UTC(2029, 11, 31)));
  assert.match(clientid.newClientId(), form);
});

test('GB 32100 unified social credit code', () => {
  assert.ok(idcard.creditCodeOk('91350100M000100Y43'));
  assert.ok(!idcard.creditCodeOk('91350100M000100Y44'));
  assert.ok(!idcard.creditCodeOk('91350100M000100Y4'));
});

// ---- a tiny CBOR encoder and base45 encoder to make codes like the server does ----
function head(major, n) {
  if (n < 24) return [(major << 5) | n];
  if (n < 256) return [(major << 5) | 24, n];
  if (n < 65536) return [(major << 5) | 25, n >> 8, n & 255];
  return [(major << 5) | 26, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}
function cbor(v) {
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === 'string') {
    const b = [...new TextEncoder().encode(v)];
    return [...head(3, b.length), ...b];
  }
  if (v instanceof Uint8Array) return [...head(2, v.length), ...v];
  if (Array.isArray(v)) return [...head(4, v.length), ...v.flatMap(cbor)];
  if (v instanceof Map) return [...head(5, v.size), ...[...v].flatMap(([k, x]) => [...cbor(k), ...cbor(x)])];
  throw new Error('cbor: ' + v);
}
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
function base45(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 2) {
    if (i + 1 < bytes.length) {
      let n = bytes[i] * 256 + bytes[i + 1];
      s += B45[n % 45] + B45[((n / 45) | 0) % 45] + B45[(n / 2025) | 0];
    } else {
      const n = bytes[i];
      s += B45[n % 45] + B45[(n / 45) | 0];
    }
  }
  return s;
}

async function makeCode({ sk, kid, iss = '330000', colour = 'yellow', iat, exp, tamper = false }) {
  const claims = new Map([
    [1, iss],
    [4, exp],
    [6, iat],
    [-70001, new Map([['sub', 'p-1'], ['col', colour], ['nam', '张*'], ['nid', '3301**********1233'], ['rv', '2026.1']])],
  ]);
  const payload = new Uint8Array(cbor(claims));
  const prot = new Uint8Array(cbor(new Map([[1, -8], [4, kid]])));
  const tbs = new Uint8Array(cbor(['Signature1', prot, new Uint8Array(0), payload]));
  const sig = await ed.signAsync(tbs, sk);
  if (tamper) payload[payload.length - 1] ^= 1;
  const cose = new Uint8Array([0xd2, ...cbor([prot, new Map(), payload, sig])]); // tag 18
  return 'OW1:' + base45(deflateSync(cose));
}

test('offline verification: valid, tampered, expired, unknown key, wrong issuer, garbage', async () => {
  const sk = ed.utils.randomSecretKey();
  const pk = await ed.getPublicKeyAsync(sk);
  const kid = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
  const now = Math.floor(Date.now() / 1000);
  const keys = verify.trustKeys({
    trust_list: { version: 1, regions: { 330000: [{ kid: Buffer.from(kid).toString('base64'), public_key: Buffer.from(pk).toString('base64'), not_before: now - 3600, not_after: now + 3600 }] } },
    signature: {},
  });
  assert.equal(keys.length, 1);

  const good = await makeCode({ sk, kid, iat: now - 10, exp: now + 300 });
  const r = await verify.verifyOffline(good, keys, now);
  assert.deepEqual({ valid: r.valid, reason: r.reason, colour: r.colour, name: r.masked_name }, { valid: true, reason: 'ok', colour: 'yellow', name: '张*' });

  assert.equal((await verify.verifyOffline(await makeCode({ sk, kid, iat: now - 10, exp: now + 300, tamper: true }), keys, now)).reason, 'bad_signature');
  assert.equal((await verify.verifyOffline(await makeCode({ sk, kid, iat: now - 600, exp: now - 300 }), keys, now)).reason, 'expired');
  assert.equal((await verify.verifyOffline(await makeCode({ sk, kid: new Uint8Array([9]), iat: now, exp: now + 300 }), keys, now)).reason, 'unknown_kid');
  assert.equal((await verify.verifyOffline(await makeCode({ sk, kid, iss: '350000', iat: now, exp: now + 300 }), keys, now)).reason, 'issuer_mismatch');
  assert.equal((await verify.verifyOffline(good, keys, now + 7200)).reason, 'key_not_valid');
  const other = ed.utils.randomSecretKey();
  assert.equal((await verify.verifyOffline(await makeCode({ sk: other, kid, iat: now, exp: now + 300 }), keys, now)).reason, 'bad_signature');
  assert.equal((await verify.verifyOffline('HELLO', keys, now)).reason, 'bad_prefix');
  assert.equal((await verify.verifyOffline('OW1:ÄÖ', keys, now)).reason, 'bad_base45');
  assert.equal((await verify.verifyOffline('OW1:' + base45(new Uint8Array([1, 2, 3, 4])), keys, now)).reason, 'bad_zlib');
  assert.equal((await verify.verifyOffline('OW1:' + base45(deflateSync(Buffer.from([0xff, 0x00]))), keys, now)).reason, 'bad_cbor');
  assert.equal((await verify.verifyOffline('HC1:XYZ', keys, now)).reason, 'hcert');
});

test('offline verification accepts a real code of onewindow serve with its published trust list', async (t) => {
  const server = await startServer();
  try {
    if (!(await server.has('GET', '/api/v1/trust-list')) || !(await server.has('GET', '/api/v1/me/health-code'))) {
      t.skip('TODO: the health-code API (issue 3) is not in this build of onewindow yet');
      return;
    }
    const token = await server.login('330104199003071233', 'demo-citizen-1');
    const code = await server.api('GET', '/api/v1/me/health-code', undefined, token);
    assert.equal(code.status, 200, JSON.stringify(code.body));
    const list = await server.api('GET', '/api/v1/trust-list');
    const keys = verify.trustKeys(list.body);
    assert.ok(keys.length >= 1);
    const r = await verify.verifyOffline(code.body.payload, keys);
    assert.equal(r.reason, 'ok');
    assert.equal(r.valid, true);
    assert.equal(r.colour, code.body.colour);
    assert.equal(r.masked_name, code.body.masked_name);
    const tampered = code.body.payload.slice(0, 20) + (code.body.payload[20] === 'A' ? 'B' : 'A') + code.body.payload.slice(21);
    assert.equal((await verify.verifyOffline(tampered, keys)).valid, false);
  } finally {
    await server.stop();
  }
});
