// Electronic licences (电子证照) in a real browser against a real server: a citizen's case for
// 灵活就业人员社会保险补贴 is driven through the API to approved and closed by an officer whom
// the administrator granted service_officer with scope dept:330000-HRSS; the citizen then finds
// the licence in 我的证照, opens it (QR code, download), verifies its signature in the browser
// with the published keys, and the public 证照核验 page accepts its QR text and refuses it
// with one character changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, launch, newIdNumber, newPage, shot, startServer, uiLogin } from './harness.mjs';

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

test('a case approved and closed issues a licence the citizen sees, downloads and verifies', async () => {
  const citizen = newIdNumber('330106');
  await server.register('证照·居民', citizen, 'e2e-password-1');
  const citizenToken = await server.login(citizen, 'e2e-password-1');
  const officer = newIdNumber('330106');
  await server.register('证照·窗口', officer, 'e2e-password-2');
  const adminToken = await server.login(DEMO.admin.id, DEMO.admin.password);
  const g = await server.api('POST', '/api/v1/admin/grants', { id_number: officer, role: 'service_officer', scope: 'dept:330000-HRSS' }, adminToken);
  assert.equal(g.status, 201, JSON.stringify(g.body));
  const officerToken = await server.login(officer, 'e2e-password-2');

  const app = await server.api('POST', '/api/v1/hall/applications', { item: '330000-1019-01', answers: { bank_account: '6222 0000 1234 5678' } }, citizenToken);
  assert.equal(app.status, 201, JSON.stringify(app.body));
  const number = app.body.case_number;
  for (const [action, note] of [['accept'], ['start_review'], ['approve', '符合补贴条件'], ['close']]) {
    const r = await server.api('POST', `/api/v1/hall/applications/${number}/actions`, note ? { action, note } : { action }, officerToken);
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
  }

  const page = await newPage(browser, server.base);
  await uiLogin(page, citizen, 'e2e-password-1', '/licences');
  await page.getByRole('heading', { name: '我的证照' }).waitFor();
  const card = page.locator('li.licence');
  await card.waitFor();
  assert.equal(await card.count(), 1);
  const text = await card.innerText();
  assert.match(text, new RegExp(number));
  assert.match(text, /灵活就业/);
  assert.match(text, /\*/, 'the holder is shown masked');
  await shot(page, 'licence-01-wallet');

  await card.getByRole('link').first().click();
  await page.locator('.licence-detail').waitFor();
  await page.getByRole('img', { name: '证照二维码' }).waitFor();
  const href = await page.getByRole('link', { name: /下载签名文件/ }).getAttribute('href');
  const file = await page.request.get(href);
  assert.equal(file.status(), 200);
  assert.equal(file.headers()['content-type'], 'application/cose');
  await page.getByRole('button', { name: '在浏览器中验证签名' }).click();
  await page.locator('.lic-check[data-valid=true]').waitFor();
  assert.match(await page.locator('.lic-check').innerText(), /验证通过/);
  await shot(page, 'licence-02-detail-verified');

  // The public verification page: the QR text passes, one changed character does not.
  const detail = await server.api('GET', `/api/v1/me/licences/${await page.evaluate(() => new URLSearchParams(location.search).get('id'))}`, undefined, citizenToken);
  assert.equal(detail.status, 200);
  const qr = detail.body.qr_text;
  const anon = await newPage(browser, server.base);
  await anon.goto(`${server.base}/licences/verify`);
  await anon.getByRole('heading', { name: '证照核验' }).waitFor();
  await anon.locator('textarea[name=licence]').fill(qr);
  await anon.getByRole('button', { name: '核验' }).click();
  await anon.locator('.lic-check[data-valid=true]').waitFor();
  assert.match(await anon.locator('.lic-check').innerText(), new RegExp(number));
  const i = qr.length - 10;
  const changed = qr.slice(0, i) + (qr[i] === 'A' ? 'B' : 'A') + qr.slice(i + 1);
  await anon.locator('textarea[name=licence]').fill(changed);
  await anon.getByRole('button', { name: '核验' }).click();
  await anon.locator('.lic-check[data-valid=false]').waitFor();
  await shot(anon, 'licence-03-public-refused');
});
