// Recruitment's standard formats checked from outside with real tools: a real `onewindow serve`
// (fresh SQLite, --test-clock, --demo) is driven through the JSON API as the demo enterprise's
// legal representative and two job seekers, and
//  - the posting page /jobs/{id} is parsed as served (no script runs) by
//    @marbec/web-auto-extractor and its JobPosting validated by @adobe/structured-data-validator
//    (Google's rich-result rules for JobPosting and its nested types; no ERROR allowed);
//  - résumés (prefilled, stored, as the employer sees them) are validated against the JSON Resume
//    schema (@jsonresume/schema);
//  - the interview invitation is parsed by node-ical: one VEVENT whose UID stays and whose
//    SEQUENCE grows when the applicant reschedules.
//
// Needs build/onewindow (ONEWINDOW_BIN overrides). Run: npm ci && npm test
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Validator from '@adobe/structured-data-validator';
import WebAutoExtractor from '@marbec/web-auto-extractor';
import ical from 'node-ical';

const require = createRequire(import.meta.url);
const resumeSchema = require('@jsonresume/schema');

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '..', '..');
const BIN = process.env.ONEWINDOW_BIN ?? join(ROOT, 'build', 'onewindow');
const DEMO_CITIZEN = { id: '330104199003071233', password: 'demo-citizen-1' };  // 张三, legal representative of the demo enterprise

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

/** A fresh valid resident ID (GB 11643 check digit) for region 330106. */
let seq = 0;
function newIdNumber() {
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  seq++;
  const first = `330106199${seq % 10}0${1 + (seq % 9)}1${seq % 10}${String(100 + ((process.pid + seq * 37) % 900))}`;
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
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: r.status, body: parsed, text, type: r.headers.get('content-type') ?? '' };
}

async function ok(method, path, body, token, want = [200, 201]) {
  const r = await api(method, path, body, token);
  assert.ok(want.includes(r.status), `${method} ${path}: ${r.status} ${r.text}`);
  return r.body;
}

async function login(id, password) {
  return (await ok('POST', '/api/v1/sessions', { id_number: id, password })).token;
}

async function person(name) {
  const id = newIdNumber();
  const password = 'correct horse 1';
  await ok('POST', '/api/v1/citizens', { name, id_number: id, password });
  return { id, token: await login(id, password) };
}

function checkResume(resume, what) {
  resumeSchema.validate(resume, (errors, valid) => {
    assert.ok(valid, `${what} is not a valid JSON Resume: ${JSON.stringify(errors, null, 2)}\n${JSON.stringify(resume, null, 2)}`);
  });
  assert.equal(typeof resume.basics?.name, 'string', `${what} has basics.name`);
}

// 2027-03-01 09:00 in Shanghai.
const NOW = '2027-03-01T01:00:00Z';
const ctx = {};

before(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build it with \`cmake --build build --target onewindow\``);
  dir = mkdtempSync(join(tmpdir(), 'ow-jobs-'));
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
  ctx.employer = await login(DEMO_CITIZEN.id, DEMO_CITIZEN.password);
  const { enterprises } = await ok('GET', '/api/v1/me/enterprises', undefined, ctx.employer);
  assert.ok(enterprises.length > 0, 'the demo citizen acts for an enterprise');
  ctx.enterprise = enterprises[0].enterprise_id;
  const posting = await ok('POST', '/api/v1/jobs', {
    enterprise_id: ctx.enterprise,
    title: '政务系统后端工程师 Backend Engineer',
    description: '负责一网通办后端开发。</script><script>alert("x")</script> & 其他 <b>职责</b>',
    region: '330106',
    locality: '杭州市西湖区',
    street_address: '文三路 90 号',
    postal_code: '310012',
    employment_type: 'FULL_TIME',
    salary_min: 15000,
    salary_max: 25000,
    openings: 2,
    valid_through: '2027-04-30',
  }, ctx.employer);
  ctx.posting = posting.id;
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

test('the posting page carries a JobPosting that passes the structured-data validator as served', async () => {
  const r = await fetch(`${base}/jobs/${ctx.posting}`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  const html = await r.text();
  // The first script of the page is the JSON-LD (crawlers do not run scripts), and the
  // description could not open another one.
  assert.equal(html.indexOf('<script'), html.indexOf('<script type="application/ld+json">'));
  assert.equal(html.indexOf('<script>'), -1);

  const extracted = new WebAutoExtractor({ addLocation: true, embedSource: ['rdfa', 'microdata'] }).parse(html);
  const postings = extracted.jsonld?.JobPosting ?? [];
  assert.equal(postings.length, 1, `one JobPosting extracted: ${JSON.stringify(extracted.jsonld)}`);
  const jp = postings[0];
  assert.equal(jp.title, '政务系统后端工程师 Backend Engineer');
  assert.match(jp.description, /<\/script><script>alert/);  // round-trips as text
  assert.equal(jp.jobLocation.address.addressCountry, 'CN');
  assert.equal(jp.jobLocation.address.postalCode, '310012');
  assert.equal(jp.baseSalary.currency, 'CNY');
  assert.equal(jp.baseSalary.value.unitText, 'MONTH');
  assert.equal(jp.validThrough, '2027-04-30T23:59:59+08:00');

  const issues = await new Validator().validate(extracted);
  const errors = issues.filter((i) => i.severity === 'ERROR');
  assert.deepEqual(errors, [], `structured-data errors: ${JSON.stringify(issues, null, 2)}`);
  // Every property search engines recommend for a JobPosting is there: no warnings either.
  const warnings = issues.filter((i) => i.severity === 'WARNING' && i.path?.[0]?.type === 'JobPosting');
  const allowed = ['applicantLocationRequirements', 'jobLocationType'];  // only for remote work
  assert.deepEqual(warnings.filter((w) => !w.fieldNames?.some((f) => allowed.includes(f))), [],
                   JSON.stringify(warnings, null, 2));
});

test('a JobPosting without a required property is refused by the same validator (the check can fail)', async () => {
  const html = await (await fetch(`${base}/jobs/${ctx.posting}`)).text();
  const broken = html.replace(/"datePosted":"[^"]*",/, '').replace(/"hiringOrganization":\{[^}]*\},/, '');
  const extracted = new WebAutoExtractor({ addLocation: true, embedSource: ['rdfa', 'microdata'] }).parse(broken);
  const issues = await new Validator().validate(extracted);
  assert.ok(issues.some((i) => i.severity === 'ERROR'), JSON.stringify(issues));
});

test('résumés are JSON Resume documents: prefilled, stored and as the employer sees them', async () => {
  const seeker = await person('李雷');
  const start = await ok('GET', `/api/v1/jobs/${ctx.posting}/apply`, undefined, seeker.token);
  checkResume(start.resume, 'the prefilled résumé');
  assert.equal(start.resume.basics.name, '李雷');
  const resume = {
    basics: { name: '李雷', email: 'lilei@example.cn', phone: '13800000000', location: { city: '杭州', countryCode: 'CN' } },
    education: [{ institution: '浙江大学', area: '计算机科学', studyType: '本科', startDate: '2013-09', endDate: '2017-06' }],
    work: [{ name: '某网络公司', position: '后端工程师', startDate: '2017-07', summary: '负责支付系统。' }],
  };
  const app = await ok('POST', `/api/v1/jobs/${ctx.posting}/applications`, { consent: true, resume }, seeker.token);
  checkResume(app.resume, 'the application');
  const mine = await ok('GET', '/api/v1/me/resume', undefined, seeker.token);
  assert.equal(mine.stored, true);
  checkResume(mine.resume, 'the stored résumé');
  const { applications } = await ok('GET', `/api/v1/jobs/${ctx.posting}/applications`, undefined, ctx.employer);
  const seen = applications.find((a) => a.id === app.id);
  assert.ok(seen, 'the employer sees the application');
  checkResume(seen.resume, "the employer's view");
  assert.notEqual(seen.resume.basics.name, '李雷', 'masked before an interview');
  assert.equal(seen.resume.basics.phone, undefined);
});

test('the interview invitation is one iCalendar event whose UID stays and SEQUENCE grows', async () => {
  const seeker = await person('韩梅梅');
  const app = await ok('POST', `/api/v1/jobs/${ctx.posting}/applications`, { consent: true }, seeker.token);
  await ok('POST', `/api/v1/job-applications/${app.id}/status`, { to: 'shortlisted', version: 1 }, ctx.employer);
  await ok('POST', `/api/v1/job-applications/${app.id}/status`, { to: 'interview', version: 2, meeting_link: 'https://meeting.example.cn/j/42' }, ctx.employer);
  // 2027-03-02 10:00 and 14:00 Shanghai.
  const slots = [];
  for (const start of ['2027-03-02T02:00:00Z', '2027-03-02T06:00:00Z']) {
    const end = new Date(Date.parse(start) + 30 * 60_000).toISOString().replace('.000Z', 'Z');
    slots.push((await ok('POST', `/api/v1/jobs/${ctx.posting}/interview-slots`, { start, end, capacity: 1 }, ctx.employer)).id);
  }
  await ok('POST', `/api/v1/job-applications/${app.id}/interview`, { slot_id: slots[0] }, seeker.token);
  const first = await api('GET', `/api/v1/job-applications/${app.id}/interview.ics`, undefined, seeker.token);
  assert.equal(first.status, 200, first.text);
  assert.match(first.type, /^text\/calendar/);
  const events1 = Object.values(ical.sync.parseICS(first.text)).filter((c) => c.type === 'VEVENT');
  assert.equal(events1.length, 1);
  const e1 = events1[0];
  assert.equal(e1.start.toISOString(), '2027-03-02T02:00:00.000Z');
  assert.equal(e1.end.toISOString(), '2027-03-02T02:30:00.000Z');
  assert.equal(String(e1.sequence), '0');
  assert.equal(typeof e1.url === 'object' ? e1.url.val ?? String(e1.url) : e1.url, 'https://meeting.example.cn/j/42');

  await ok('POST', `/api/v1/job-applications/${app.id}/interview`, { slot_id: slots[1] }, seeker.token);
  const second = await api('GET', `/api/v1/job-applications/${app.id}/interview.ics`, undefined, ctx.employer);
  assert.equal(second.status, 200, second.text);
  const e2 = Object.values(ical.sync.parseICS(second.text)).filter((c) => c.type === 'VEVENT')[0];
  assert.equal(e2.uid, e1.uid, 'the same calendar entry');
  assert.equal(String(e2.sequence), '1');
  assert.equal(e2.start.toISOString(), '2027-03-02T06:00:00.000Z');
});
