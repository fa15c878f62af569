// Citizen flows in a real browser against a real server:
// register (with inline ID validation) → log in → health code page; language switch;
// fever declaration → yellow code with its reason → daily check-ins with the test clock → green.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newIdNumber, newPage, shot, startServer, uiLogin } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Goes to `path`, logging in again first if the session has expired (the test clock moves). */
async function visit(page, path, id, password) {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  if (new URL(page.url()).pathname === '/login') {
    await page.locator('input[name=id_number]').fill(id);
    await page.locator('input[name=password]').fill(password);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL((u) => u.pathname === path);
  }
}

test('register with inline ID validation, log in, see the health code page, log out', async () => {
  const page = await newPage(browser, server.base);
  await page.goto('/');
  await page.waitForURL(/\/login\?next=/);
  await page.getByRole('heading', { name: '登录一网通办' }).waitFor();
  await shot(page, '01-login');

  await page.getByRole('link', { name: '实名注册' }).click();
  await page.getByRole('heading', { name: '实名注册' }).waitFor();
  const id = newIdNumber();
  const wrongCheck = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
  await page.locator('input[name=name]').fill('测试·居民');
  await page.locator('input[name=id_number]').fill(wrongCheck);
  await page.locator('input[name=id_number]').blur();
  await page.getByText('校验码（末位）不正确').waitFor();
  assert.equal(await page.locator('input[name=id_number]').getAttribute('aria-invalid'), 'true');
  await page.locator('input[name=password]').fill('short');
  await page.locator('input[name=password]').blur();
  await page.getByText('密码至少 8 位').waitFor();
  await shot(page, '02-register-validation');

  await page.locator('input[name=id_number]').fill(id);
  await page.getByText('号码格式正确').waitFor();
  await page.locator('input[name=password]').fill('e2e-password-1');
  await page.locator('input[name=password2]').fill('e2e-password-1');
  await page.locator('form button[type=submit]').click();
  // After registering, the person is logged in and sent to the declaration.
  await page.waitForURL(/\/declare$/);
  await page.getByRole('heading', { name: '健康申报' }).waitFor();

  await page.goto('/');
  await page.getByRole('heading', { name: /您好/ }).waitFor();
  assert.ok(await page.getByRole('link', { name: '健康码' }).first().isVisible());
  // Citizens see no staff screens.
  assert.equal(await page.getByRole('link', { name: '卡口扫码' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: '用户与角色' }).count(), 0);
  await shot(page, '03-home');

  await page.goto('/code');
  await page.getByRole('heading', { name: '我的健康码' }).waitFor();
  if (await server.has('GET', '/api/v1/me/health-code')) {
    const img = page.locator('img.qr');
    await img.waitFor();
    assert.match((await img.getAttribute('alt')) ?? '', /健康码二维码（(绿码|黄码|红码)）/);
    await page.locator('.code-card .badge').waitFor();
    const word = await page.locator('.code-card .badge').innerText();
    assert.match(word, /绿码|黄码|红码/);
    // The QR is a real image of the server's SVG.
    assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0));
  } else {
    await page.getByText('该服务尚未在本平台开通').waitFor();
  }
  await shot(page, '04-health-code');

  // On a phone the menu (with "log out") folds away behind the menu button.
  const menu = page.getByRole('button', { name: '菜单' });
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  await menu.click();
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  await page.locator('#main-nav').getByRole('link', { name: '通行记录' }).waitFor();
  await shot(page, '03-menu', { fullPage: false });
  await page.locator('.sidebar').getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/login/);
  await page.goto('/code');
  await page.waitForURL(/\/login\?next=%2Fcode/);
  // Logging in returns to `next`.
  await page.locator('input[name=id_number]').fill(id);
  await page.locator('input[name=password]').fill('e2e-password-1');
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/code$/);
  await page.context().close();
});

test('the English switch is remembered; wrong passwords are refused with a message', async () => {
  const page = await newPage(browser, server.base, { width: 1280, height: 800 });
  await page.goto('/login');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: 'Log in to OneWindow' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.reload();
  await page.getByRole('heading', { name: 'Log in to OneWindow' }).waitFor();
  await page.locator('input[name=id_number]').fill('330104199003071233');
  await page.locator('input[name=password]').fill('not-the-password');
  await page.locator('form button[type=submit]').click();
  await page.getByText('Wrong ID number or password.').waitFor();
  await page.locator('input[name=password]').fill('demo-citizen-1');
  await page.locator('form button[type=submit]').click();
  await page.getByRole('heading', { name: /Hello/ }).waitFor();
  await shot(page, '03-home-desktop-en');
  await page.getByRole('button', { name: '切换到中文' }).click();
  await page.getByRole('heading', { name: /您好/ }).waitFor();
  await page.context().close();
});

test('fever declaration turns the code yellow with its reason; daily check-ins turn it green', async (t) => {
  if (!(await server.has('POST', '/api/v1/me/declarations')) || !(await server.has('POST', '/api/v1/me/checkins'))) {
    t.skip('TODO: the declaration/check-in API (issue 3) is not in this build of onewindow yet');
    return;
  }
  const id = newIdNumber();
  const pw = 'e2e-password-2';
  await server.register('发热测试', id, pw);
  const page = await newPage(browser, server.base);
  await uiLogin(page, id, pw, '/declare');
  await page.getByRole('heading', { name: '健康申报' }).waitFor();
  await page.locator('input[name=residence_region]').fill('330104');
  await page.locator('input[name=temperature]').fill('38.6');
  await page.getByLabel('发热').check();
  await page.getByLabel('咳嗽').check();
  await page.getByLabel('本人承诺以上信息真实准确').check();
  await shot(page, '05-declaration');
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('declare-result').waitFor();
  assert.match(await page.getByTestId('declare-result').innerText(), /黄码/);

  await page.goto('/code');
  await page.locator('.code-card[data-colour=yellow]').waitFor();
  await page.locator('.code-card .badge', { hasText: '黄码' }).waitFor();
  const reasons = await page.locator('ul.reasons li').allInnerTexts();
  assert.ok(reasons.length > 0, 'a yellow code explains why');
  assert.ok(reasons.some((r) => /发热|症状|体温/.test(r)), `reason mentions the fever: ${reasons}`);
  await shot(page, '06-code-yellow');

  // Daily check-ins, one per (test-clock) day, until the code turns green.
  let colour = 'yellow';
  let days = 0;
  for (; days < 21 && colour !== 'green'; days++) {
    if (days > 0) await server.advanceDays(1);
    await visit(page, '/checkin', id, pw);
    await page.locator('input[name=temperature]').fill('36.5');
    await page.locator('form button[type=submit]').click();
    const result = page.getByTestId('checkin-result');
    await result.waitFor();
    const text = await result.innerText();
    colour = /绿码/.test(text) ? 'green' : /红码/.test(text) ? 'red' : 'yellow';
    if (days === 2) {
      await visit(page, '/code', id, pw);
      await page.locator('.streak').waitFor();
      assert.match(await page.locator('.streak').innerText(), /已连续打卡 3\/\d+ 天/);
      await shot(page, '07-code-streak');
    }
  }
  assert.equal(colour, 'green', `green after ${days} days of check-ins`);
  assert.ok(days >= 7, `not green before 7 days (${days})`);
  await visit(page, '/code', id, pw);
  await page.locator('.code-card[data-colour=green]').waitFor();
  await page.locator('.code-card .badge', { hasText: '绿码' }).waitFor();
  await shot(page, '08-code-green');
  await page.context().close();
});

test('single sign-on: another platform sends the citizen to log in and consent, and gets a code back', async (t) => {
  if (!(await server.has('GET', '/oauth2/authorize')) || !(await server.has('POST', '/api/v1/admin/oidc/clients'))) {
    t.skip('TODO: the OIDC provider (issue 2) is not in this build of onewindow yet');
    return;
  }
  const { createHash, randomBytes } = await import('node:crypto');
  const admin = await server.login('330104197002200057', 'demo-admin');
  const redirect = `${server.base}/rp/callback`;
  const c = await server.api('POST', '/api/v1/admin/oidc/clients', { name: '社保服务平台', redirect_uris: [redirect], scopes: ['openid', 'profile'] }, admin);
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const q = new URLSearchParams({ response_type: 'code', client_id: c.body.client_id, redirect_uri: redirect, scope: 'openid profile', state: 'st-123', nonce: 'n-456', code_challenge: challenge, code_challenge_method: 'S256' });

  const page = await newPage(browser, server.base);
  await page.goto(`/oauth2/authorize?${q}`);
  // Not logged in: OneWindow's login page, which returns to the consent screen.
  await page.waitForURL(/\/login\?next=/);
  // The login page names the platform that asked.
  assert.match(await page.getByTestId('asking-platform').innerText(), /「社保服务平台」请求您使用一网通办账号登录/);
  await page.locator('input[name=id_number]').fill('330104199003071233');
  await page.locator('input[name=password]').fill('demo-citizen-1');
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/consent\?/);
  await page.getByText('社保服务平台 请求使用您的一网通办身份登录').waitFor();
  await page.getByText('脱敏姓名').waitFor();
  await shot(page, '15-sso-consent');
  await page.getByRole('button', { name: '同意并登录' }).click();
  await page.waitForURL((u) => u.pathname === '/rp/callback');
  const back = new URL(page.url());
  assert.equal(back.searchParams.get('state'), 'st-123');
  assert.ok(back.searchParams.get('code'), 'an authorization code');
  await page.context().close();
});
