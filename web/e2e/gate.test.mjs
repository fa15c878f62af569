// Unit tests of the checkpoint screen's reducer (src/checkpoint/gateState.ts): what each action
// does to the gate's state. Compiled with Vite like units.test.mjs; needs no server or browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let out;
let gate;

before(async () => {
  out = mkdtempSync(join(tmpdir(), 'ow-gate-'));
  await build({
    root: webDir,
    configFile: false,
    logLevel: 'silent',
    build: { outDir: out, emptyOutDir: true, minify: false, lib: { entry: { gate: join(webDir, 'src/checkpoint/gateState.ts') }, formats: ['es'] } },
  });
  gate = await import(pathToFileURL(join(out, 'gate.js')).href);
});
after(() => out && rmSync(out, { recursive: true, force: true }));

const initial = () => ({ places: [], placeId: '', direction: 'in', online: true, forceOffline: false, trust: null, queue: [], manual: '', recent: [], busy: false });
const verdict = (n) => ({ kind: 'pass', reason: '', offline: false, queued: false, at: new Date(n) });

test('a verdict is shown and kept among the last ten; closing it clears the typed code', () => {
  let s = { ...initial(), manual: 'OW1:abc' };
  for (let i = 0; i < 12; i++) s = gate.gateReducer(s, { type: 'verdict_shown', verdict: verdict(i) });
  assert.equal(s.verdict.at.getTime(), 11);
  assert.deepEqual(s.recent.map((v) => v.at.getTime()), [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  s = gate.gateReducer(s, { type: 'verdict_closed' });
  assert.equal(s.verdict, undefined);
  assert.equal(s.manual, '');
  assert.equal(s.recent.length, 10);
});

test('places: the first one is picked only when asked; a failure is kept for display', () => {
  const places = [{ place_id: 'p1', name: 'Gate 1' }];
  let s = gate.gateReducer({ ...initial(), placeId: 'p0' }, { type: 'places_loaded', places });
  assert.equal(s.placeId, 'p0');
  s = gate.gateReducer(initial(), { type: 'places_loaded', places, first: 'p1' });
  assert.equal(s.placeId, 'p1');
  assert.deepEqual(s.places, places);
  const error = new Error('down');
  assert.equal(gate.gateReducer(initial(), { type: 'places_failed', error }).placesError, error);
});

test('an upload clears the last message and error, then reports its own with the queue left', () => {
  let s = { ...initial(), msg: 'old', error: new Error('old') };
  s = gate.gateReducer(s, { type: 'upload_started' });
  assert.equal(s.busy, true);
  assert.equal(s.msg, undefined);
  assert.equal(s.error, undefined);
  const left = [{ client_id: 'c1' }];
  s = gate.gateReducer(s, { type: 'upload_ended', queue: left, msg: '2 uploaded' });
  assert.deepEqual([s.busy, s.queue, s.msg, s.error], [false, left, '2 uploaded', undefined]);
  const error = new Error('offline');
  s = gate.gateReducer(gate.gateReducer(s, { type: 'upload_started' }), { type: 'upload_ended', queue: left, error });
  assert.deepEqual([s.busy, s.msg, s.error], [false, undefined, error]);
});

test('set changes only the fields it names', () => {
  const s = gate.gateReducer(initial(), { type: 'set', patch: { direction: 'out', forceOffline: true } });
  assert.deepEqual(s, { ...initial(), direction: 'out', forceOffline: true });
});
