// Shared set-up for the browser tests: a real `onewindow serve` with a fresh database and key
// file on a free port, and Debian's Chromium driven by playwright-core (no browser download).
// Every page is watched for Content-Security-Policy violations (a file with any fails).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '..', '..');
export const BIN = process.env.ONEWINDOW_BIN ?? join(ROOT, 'build', 'onewindow');
export const DIST = join(ROOT, 'web', 'dist');
// Screenshots go to build/e2e-screenshots (ignored) so `make test` leaves the tree clean;
// `OW_SCREENSHOTS=docs/screenshots scripts/e2e.sh` refreshes the committed ones.
export const SHOTS = resolve(ROOT, process.env.OW_SCREENSHOTS ?? join('build', 'e2e-screenshots'));
export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

export const DEMO = {
  citizen: { id: '330104199003071233', password: 'demo-citizen-1' },
  official: { id: '330102199208150047', password: 'demo-official' }, // health_official 3301
  community: { id: '350102198001010038', password: 'demo-community' },
  admin: { id: '330104197002200057', password: 'demo-admin' },
};

/** A fresh valid resident ID (GB 11643 check digit) for region 330104, unique per call. */
let seq = 0;
export function newIdNumber(region = '330104') {
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const day = String(1 + ((Date.now() / 1000 + seq) % 28 | 0)).padStart(2, '0');
  const month = String(1 + (seq % 12)).padStart(2, '0');
  const year = 1960 + ((process.pid + seq * 7) % 40);
  const serial = String((Math.random() * 900 + 100) | 0);
  seq++;
  const first = `${region}${year}${month}${day}${serial}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first[i]) * W[i];
  return first + '10X98765432'[sum % 11];
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

export function requireBinary() {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build it with \`cmake --build build --target onewindow\``);
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('web/dist is missing: run scripts/build-web.sh');
}

/** Starts `onewindow serve --test-clock --demo` on a fresh database (plus `extraArgs`). */
export async function startServer({ demo = true, extraArgs = [] } = {}) {
  requireBinary();
  const dir = mkdtempSync(join(tmpdir(), 'ow-e2e-'));
  const port = await freePort();
  const args = ['serve', '--test-clock', '--db', `sqlite:${join(dir, 'ow.db')}`, '--key-file', join(dir, 'master.key'), '--port', String(port), '--static-dir', DIST];
  if (demo) args.push('--demo');
  args.push(...extraArgs);
  const proc = spawn(BIN, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`onewindow serve exited with ${proc.exitCode}:\n${log}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const server = {
    base,
    dir,
    db: `sqlite:${join(dir, 'ow.db')}`,
    log: () => log,
    async stop() {
      if (proc.exitCode === null) {
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
      rmSync(dir, { recursive: true, force: true });
    },
    /** JSON API call; token = bearer token (no CSRF needed). Returns {status, body}. */
    async api(method, path, body, token) {
      const headers = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (token) headers.Authorization = `Bearer ${token}`;
      const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const type = r.headers.get('content-type') ?? '';
      const b = type.includes('json') ? await r.json() : Buffer.from(await r.arrayBuffer());
      return { status: r.status, body: b };
    },
    async login(id, password) {
      const r = await server.api('POST', '/api/v1/sessions', { id_number: id, password });
      if (r.status !== 201) throw new Error(`login ${id}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token;
    },
    async register(name, id, password) {
      const r = await server.api('POST', '/api/v1/citizens', { name, id_number: id, password });
      if (r.status !== 201) throw new Error(`register ${id}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.citizen_id;
    },
    /** True when the server has the route (anything but the router's 404/405). */
    async has(method, path, token) {
      const r = await server.api(method, path, method === 'GET' ? undefined : {}, token);
      return !(r.status === 404 && r.body?.detail === 'no such resource') && r.status !== 405;
    },
    async advanceDays(n) {
      const r = await server.api('POST', '/api/v1/test/clock', { advance_days: n });
      if (r.status !== 200) throw new Error(`clock: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.now;
    },
    /** `onewindow admin grant` against the running server's database. */
    grant(id, role, scope) {
      const args = ['admin', 'grant', '--db', server.db, '--key-file', join(dir, 'master.key'), '--id-number', id, '--role', role];
      if (scope) args.push('--scope', scope);
      execFileSync(BIN, args, { cwd: dir, stdio: 'pipe' });
    },
  };
  return server;
}

export const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Chromium from Debian; extra args e.g. for the fake camera. */
export async function launch(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...LAUNCH_ARGS, ...extraArgs] });
}

/**
 * Content-Security-Policy violations seen by any page of this test file: the server sends a
 * strict CSP, and the app must work within it. Each file fails at its end if there were any.
 */
export const cspViolations = [];
after(() => assert.deepEqual(cspViolations, [], 'Content-Security-Policy violations in the browser'));

/** A phone-sized page (360×740) in zh-CN unless told otherwise. */
export async function newPage(browser, base, { width = 360, height = 740, lang = 'zh-CN', permissions = [] } = {}) {
  const context = await browser.newContext({ baseURL: base, viewport: { width, height }, deviceScaleFactor: 2, locale: lang, timezoneId: 'Asia/Shanghai', permissions });
  if (lang === 'en') await context.addInitScript(() => localStorage.setItem('ow.lang', 'en'));
  // Every violation is reported to the console (the page's own report, and Chromium's message).
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`)),
  );
  context.on('console', (msg) => {
    const text = msg.text();
    if (/CSP violation|Content Security Policy/i.test(text)) cspViolations.push(`${msg.page()?.url() ?? ''}: ${text}`);
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

export async function shot(page, name, { fullPage = true } = {}) {
  if (process.env.OW_NO_SCREENSHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  // Web-font slices load on demand: wait for them so the picture has no missing glyphs.
  await page.evaluate(async () => {
    const text = document.body.innerText;
    // (Offline, slices that were never loaded cannot be fetched: take the picture anyway.)
    await Promise.all(['400', '600', '700'].map((w) => document.fonts.load(`${w} 16px "Noto Sans SC"`, text).catch(() => undefined)));
    await document.fonts.ready.catch(() => undefined);
  });
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage, animations: 'disabled' });
}

export async function uiLogin(page, id, password, next = '') {
  await page.goto(`/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('身份证号').or(page.getByLabel('Resident ID number')).first().fill(id);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** A .y4m video of a still picture (for Chromium's fake camera). */
export function stillVideo(pngBytes, dir) {
  const png = join(dir, 'code.png');
  const y4m = join(dir, 'code.y4m');
  writeFileSync(png, pngBytes);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-loop', '1', '-i', png, '-t', '2', '-r', '10', '-vf', 'scale=480:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p', '-f', 'yuv4mpegpipe', y4m]);
  return y4m;
}
