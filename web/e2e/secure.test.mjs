// Behind HTTPS (`serve --secure-cookies`): the session and CSRF cookies are __Host- cookies and
// every response carries Strict-Transport-Security; the app still reads its CSRF token and
// writes with it (issue 19). 127.0.0.1 is a secure context, so Chromium keeps Secure cookies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, launch, newPage, startServer, uiLogin } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ extraArgs: ['--secure-cookies'] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('secure cookies: __Host- session and CSRF cookies, HSTS, and a write with the session CSRF token', async () => {
  const page = await newPage(browser, server.base);
  const first = await page.goto('/login');
  assert.equal(first.headers()['strict-transport-security'], 'max-age=31536000');
  assert.match(first.headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/);
  await uiLogin(page, DEMO.citizen.id, DEMO.citizen.password);
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === '__Host-ow_session');
  const csrf = cookies.find((c) => c.name === '__Host-ow_csrf');
  assert.ok(session && csrf, `cookies: ${cookies.map((c) => c.name).join(', ')}`);
  assert.ok(session.secure && session.httpOnly && session.path === '/');
  assert.ok(csrf.secure && !csrf.httpOnly && csrf.path === '/');
  assert.equal(cookies.filter((c) => !c.name.startsWith('__Host-')).length, 0);
  assert.equal((await server.api('GET', '/api/v1/me', undefined, session.value)).status, 200);

  // Logging out is a cookie-authenticated DELETE: it works only with the session's CSRF token,
  // which the app reads from the __Host-ow_csrf cookie.
  await page.goto('/');
  await page.getByRole('button', { name: '菜单' }).click();
  await page.locator('.sidebar').getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/login/);
  assert.equal((await server.api('GET', '/api/v1/me', undefined, session.value)).status, 401, 'the session was revoked');
  await page.context().close();
});
