// Validates the API calls recorded by the C++ tests (OW_API_RECORD_DIR, one JSON line per call,
// written by tests/support/test_server.cpp) against docs/api/openapi.yaml: each call's status
// must be documented (or covered by `default`), a JSON response body must match the schema for
// its status and media type, and a 2xx call's JSON request body must match the requestBody
// schema. Prints per-operation coverage and every failure; exits 1 on any failure.
//
// Usage: node check.mjs DIR [SPEC]   (SPEC defaults to docs/api/openapi.yaml of this repo)
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const [dir, specPath = path.join(here, '../../docs/api/openapi.yaml')] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node check.mjs DIR [SPEC]');
  process.exit(2);
}

const spec = YAML.parse(fs.readFileSync(specPath, 'utf8'));
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

// OpenAPI 3.1 schemas are JSON Schema 2020-12; strict: false lets Ajv pass over the OpenAPI
// objects around them. The schemas refer to each other by '#/components/schemas/...', so the
// whole document is registered under one id and each schema is fetched by a pointer into it.
const ajv = new Ajv2020({allErrors: true, strict: false});
addFormats(ajv);
const SPEC_ID = 'openapi.json';
ajv.addSchema({...spec, $id: SPEC_ID});

// Resolves a local $ref ('#/components/...') inside the spec (for responses and bodies).
function deref(node) {
  while (node && node.$ref) {
    node = node.$ref
        .slice(2)
        .split('/')
        .reduce((o, k) => o[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return node;
}

// The Ajv key of the schema at these path segments of the spec.
function pointer(...parts) {
  return SPEC_ID + '#/' + parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

const ops = [];
for (const [template, item] of Object.entries(spec.paths)) {
  const re = new RegExp(
      '^' + template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+') + '$');
  for (const method of METHODS) {
    if (!item[method]) continue;
    ops.push({key: `${method.toUpperCase()} ${template}`, method, template, re,
              literal: !template.includes('{'), op: item[method], calls: 0});
  }
}

// A literal template wins over a templated one that matches the same path.
function findOp(method, pathname) {
  const candidates = ops.filter((o) => o.re.test(pathname));
  candidates.sort((a, b) => Number(b.literal) - Number(a.literal));
  const byPath = candidates.filter((o) => o.template === candidates[0]?.template);
  return {op: byPath.find((o) => o.method === method.toLowerCase()), pathKnown: byPath.length > 0};
}

function mediaType(contentType) {
  return (contentType || '').split(';')[0].trim().toLowerCase();
}

function isJson(type) {
  return type === 'application/json' || type.endsWith('+json');
}

function responseFor(op, status) {
  const responses = op.responses || {};
  const code = String(status);
  for (const key of [code, `${code[0]}XX`, `${code[0]}xx`, 'default'])
    if (responses[key]) return {key, response: deref(responses[key])};
  return null;
}

const failures = [];
const unrouted = new Map();
function fail(call, what, errors = []) {
  failures.push({call, what, errors});
}

function validate(schemaPointer, value, call, what) {
  const validator = ajv.getSchema(schemaPointer);
  if (!validator) return fail(call, `${what}: no schema at ${schemaPointer}`);
  if (!validator(value)) fail(call, what, validator.errors);
}

function parseJson(text, call, what) {
  try {
    return {ok: true, value: JSON.parse(text)};
  } catch (e) {
    fail(call, `${what} is not JSON: ${e.message}`);
    return {ok: false};
  }
}

// Every field error code a problem+json answer carried, with one call that showed it: the web
// app must have words for each (i18n `err_<code>` in Chinese and English), or its screens would
// fall back to a generic phrase or the server's English.
const fieldCodes = new Map();
function collectCodes(call) {
  if (mediaType(call.response_content_type) !== 'application/problem+json') return;
  let body;
  try {
    body = JSON.parse(call.response_body);
  } catch {
    return;
  }
  for (const e of Array.isArray(body.errors) ? body.errors : []) {
    if (typeof e.code === 'string' && e.code && !fieldCodes.has(e.code)) {
      fieldCodes.set(e.code, `${call.method} ${call.target.split('?')[0]} -> ${call.status} ${e.path}`);
    }
  }
}

function checkCall(call) {
  collectCodes(call);
  const pathname = call.target.split('?')[0];
  const {op, pathKnown} = findOp(call.method, pathname);
  if (!op) {
    // Calls to routes the server does not have (static files, 404/405 probes) are not part
    // of the API; they are listed, and a problem+json answer must still be a ProblemDetails.
    const key = `${call.method} ${pathname} -> ${call.status}`;
    unrouted.set(key, (unrouted.get(key) || 0) + 1);
    if (mediaType(call.response_content_type) === 'application/problem+json') {
      const body = parseJson(call.response_body, call, 'response body');
      if (body.ok) validate(pointer('components', 'schemas', 'ProblemDetails'), body.value, call,
                            `response (${pathKnown ? 'method not documented' : 'no such path'})`);
    }
    return;
  }
  op.calls++;
  const found = responseFor(op.op, call.status);
  if (!found) return fail(call, `status ${call.status} is not documented for ${op.key}`);
  const respType = mediaType(call.response_content_type);
  const content = found.response.content || {};
  const hasBody = call.response_body !== '' || respType !== '';
  if (hasBody && respType) {
    if (!content[respType]) {
      return fail(call, `response media type ${respType} is not documented for ${op.key} ` +
                            `${found.key} (documented: ${Object.keys(content).join(', ') || 'none'})`);
    }
    if (isJson(respType)) {
      const body = parseJson(call.response_body, call, 'response body');
      if (body.ok) {
        const rkey = op.op.responses[found.key];
        const base = rkey.$ref ? rkey.$ref.slice(2).split('/') :
                                 ['paths', op.template, op.method, 'responses', found.key];
        validate(pointer(...base, 'content', respType, 'schema'), body.value, call,
                 `response ${found.key} ${respType}`);
      }
    }
  }
  const reqType = mediaType(call.request_content_type);
  if (call.status >= 200 && call.status < 300 && call.request_body && isJson(reqType)) {
    const rb = op.op.requestBody;
    if (!rb || !deref(rb).content?.[reqType]) {
      return fail(call, `request body ${reqType} is not documented for ${op.key}`);
    }
    const body = parseJson(call.request_body, call, 'request body');
    if (body.ok) {
      const base = rb.$ref ? rb.$ref.slice(2).split('/') :
                             ['paths', op.template, op.method, 'requestBody'];
      validate(pointer(...base, 'content', reqType, 'schema'), body.value, call,
               `request body ${reqType}`);
    }
  }
}

let calls = 0;
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
  const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let call;
    try {
      call = JSON.parse(line);
    } catch (e) {
      failures.push({call: {method: '?', target: `${file}:${i + 1}`, status: '?'},
                     what: `unreadable record: ${e.message}`, errors: []});
      return;
    }
    calls++;
    checkCall(call);
  });
}

const exercised = ops.filter((o) => o.calls > 0);
console.log(`API contract: ${calls} recorded calls, ${exercised.length}/${ops.length} operations exercised`);
for (const o of ops)
  console.log(`  ${String(o.calls).padStart(6)}  ${o.key}${o.calls ? '' : '  (not exercised)'}`);
if (unrouted.size) {
  console.log(`Calls outside the documented operations (${unrouted.size} kinds):`);
  for (const [k, n] of unrouted) console.log(`  ${String(n).padStart(6)}  ${k}`);
}

// The web app's texts for field error codes: `err_<code>: ['中文', 'English'],` in i18n.ts and
// in the screens' own message tables (web/src/pages/*/messages.ts), which it merges.
const webSrc = path.join(here, '../../web/src');
const textFiles = process.env.OW_I18N ? [process.env.OW_I18N] : [
  path.join(webSrc, 'i18n.ts'),
  ...(fs.existsSync(path.join(webSrc, 'pages')) ?
          fs.readdirSync(path.join(webSrc, 'pages'))
              .map((d) => path.join(webSrc, 'pages', d, 'messages.ts'))
              .filter((f) => fs.existsSync(f)) :
          []),
];
const i18nPath = textFiles[0];
if (fs.existsSync(i18nPath)) {
  const texts = new Set();
  for (const file of textFiles)
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/^\s*err_([a-z0-9_]+):\s*\['[^']+',\s*'[^']+'\]/gm)) texts.add(m[1]);
  const missing = [...fieldCodes].filter(([code]) => !texts.has(code));
  console.log(`Field error codes seen: ${fieldCodes.size}; without words in the web app: ${missing.length}`);
  for (const [code, where] of missing) {
    failures.push({call: {method: '', target: where, status: ''},
                   what: `field error code "${code}" has no err_${code} text (zh, en) in ${path.relative(process.cwd(), i18nPath)}`,
                   errors: []});
  }
}

// The same failure from many tests is printed once, with a count.
const grouped = new Map();
for (const f of failures) {
  const errs = (f.errors || []).map((e) => `    ${e.instancePath || '/'} ${e.message}` +
                                           (e.params && Object.keys(e.params).length ?
                                                ` ${JSON.stringify(e.params)}` : ''));
  const key = `${f.call.method} ${f.call.target} -> ${f.call.status}: ${f.what}\n${errs.join('\n')}`;
  grouped.set(key, (grouped.get(key) || 0) + 1);
}
if (grouped.size) {
  console.log(`\nFAILURES (${failures.length}):`);
  for (const [k, n] of grouped) console.log((n > 1 ? `[x${n}] ` : '') + k.trimEnd());
  process.exit(1);
}
console.log('All recorded calls match the API description.');
