// Tests of check.mjs itself (`npm test`): recorded calls that fit the API description pass,
// and each kind of drift (an unknown field, a wrong type, an undocumented media type for a status,
// a bad request body) fails with the method, target, status and the schema error's path.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const problem = JSON.stringify({
  type: 'https://onewindow.gov.cn/problems/not_found',
  title: 'Not Found',
  status: 404,
  detail: 'no such resource',
});

function call(method, target, status, responseBody, extra = {}) {
  const json = typeof responseBody !== 'string';
  return {
    method,
    target,
    request_content_type: '',
    request_body: '',
    status,
    response_content_type: json ? 'application/json' : 'application/problem+json',
    response_body: json ? JSON.stringify(responseBody) : responseBody,
    ...extra,
  };
}

function check(calls, env = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-contract-'));
  fs.writeFileSync(path.join(dir, '1.jsonl'), calls.map((c) => JSON.stringify(c)).join('\n') + '\n');
  const r = spawnSync(process.execPath, [path.join(here, 'check.mjs'), dir], {encoding: 'utf8', env: {...process.env, ...env}});
  fs.rmSync(dir, {recursive: true});
  return r;
}

const registration = {
  request_content_type: 'application/json',
  request_body: JSON.stringify({name: '张三', id_number: '330104199003071233', password: 'correct horse 1'}),
};

test('calls that fit pass, with coverage and unexercised operations listed', () => {
  const r = check([
    call('GET', '/healthz', 200, {status: 'ok'}),
    call('GET', '/api/v1/places/abc?x=1', 404, problem),
    call('POST', '/api/v1/citizens', 201, {citizen_id: 'p1'}, registration),
    call('GET', '/no/such/route', 404, problem),
  ]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /4 recorded calls, 3\/\d+ operations exercised/);
  assert.match(r.stdout, /GET \/api\/v1\/me\s+\(not exercised\)/);
  assert.match(r.stdout, /GET \/no\/such\/route -> 404/);
});

test('an unknown response field or a wrong type fails with its path', () => {
  const r = check([
    call('GET', '/healthz', 200, {status: 'ok', extra: 1}),
    call('GET', '/api/v1/version', 200, {name: 'onewindow', version: 2}),
  ]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /GET \/healthz -> 200: response 200 application\/json\n.*additional properties/);
  assert.match(r.stdout, /GET \/api\/v1\/version -> 200[^\n]*\n\s+\/version must be string/);
});

test('a status only `default` covers must still be a problem+json', () => {
  const r = check([
    call('POST', '/oauth2/token', 302, {}),
    call('GET', '/metrics', 200, {}),
  ]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /application\/json is not documented for POST \/oauth2\/token default/);
  assert.match(r.stdout, /media type application\/json is not documented for GET \/metrics/);
});

test('a 2xx call with a request body the description refuses fails', () => {
  const body = JSON.parse(registration.request_body);
  const r = check([
    call('POST', '/api/v1/citizens', 201, {citizen_id: 'p1'},
         {...registration, request_body: JSON.stringify({...body, hobby: 'x'})}),
    call('POST', '/api/v1/citizens', 422, problem, {...registration, request_body: '{"hobby":1}'}),
  ]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /FAILURES \(1\)/);
  assert.match(r.stdout, /-> 201: request body application\/json/);
});

test('a field error code without words in the web app fails, naming the code and the call', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-i18n-'));
  const i18n = path.join(dir, 'i18n.ts');
  fs.writeFileSync(i18n, "const zh = {\n  err_unknown_place: ['没有这个场所', 'There is no such place'],\n  err_half: ['只有中文'],\n};\n");
  const bad = (code) => JSON.stringify({
    type: 'https://onewindow.gov.cn/problems/not_found', title: 'Not Found', status: 404,
    detail: 'no such place', errors: [{path: '$.place_id', message: 'no such place', code}],
  });
  let r = check([call('GET', '/api/v1/places/abc', 404, bad('unknown_place'))], {OW_I18N: i18n});
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Field error codes seen: 1; without words in the web app: 0/);
  r = check([call('GET', '/api/v1/places/abc', 404, bad('half'))], {OW_I18N: i18n});
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /GET \/api\/v1\/places\/abc -> 404 \$\.place_id.*"half" has no err_half text/);
  fs.rmSync(dir, {recursive: true});
});
