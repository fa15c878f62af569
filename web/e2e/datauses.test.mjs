// The citizen's data-use record, consents and the administrators' dispute queue in a real
// browser against a real server: a health official verifies the citizen's health code (an
// audited read), the citizen finds it in 我的数据使用记录 (masked officer, unit, fields),
// filters by channel, exports CSV and disputes it; the administrator answers in 数据使用异议
// and the citizen sees the answer. The consents page lists consents and shows the refusal of
// a grant while no service catalogue is connected.
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

test('an official read appears in the record, is disputed, and answered by an administrator', async () => {
  const id = newIdNumber('330106');
  await server.register('数据·居民', id, 'e2e-password-1');
  const citizenToken = await server.login(id, 'e2e-password-1');
  const code = await server.api('GET', '/api/v1/me/health-code', undefined, citizenToken);
  assert.equal(code.status, 200);
  const officialToken = await server.login(DEMO.official.id, DEMO.official.password);
  const v = await server.api('POST', '/api/v1/codes/verify', { payload: code.body.payload }, officialToken);
  assert.equal(v.status, 200);

  const page = await newPage(browser, server.base);
  await uiLogin(page, id, 'e2e-password-1', '/data-uses');
  await page.getByRole('heading', { name: '我的数据使用记录' }).waitFor();
  const card = page.locator('li.data-use[data-channel=official]');
  await card.waitFor();
  assert.equal(await page.locator('li.data-use').count(), 1);
  const text = await card.innerText();
  assert.match(text, /工作人员查询/);
  assert.match(text, /health_official 3301/);
  assert.match(text, /colour/);
  assert.match(text, /验码/);
  const who = await card.locator('.du-who').innerText();
  assert.match(who, /\*/, 'the officer is shown masked');
  await shot(page, 'datauses-01-record');

  // Filter: no single sign-on uses; back to all.
  await page.getByLabel('来源').selectOption('sso');
  await page.getByText('暂无记录').waitFor();
  await page.getByLabel('来源').selectOption('');
  await card.waitFor();

  // Export: the link downloads CSV with the session cookie.
  const href = await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href');
  assert.match(href, /format=csv/);
  const csv = await page.request.get(href);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-disposition'], /attachment; filename="data-uses.csv"/);
  assert.match(await csv.text(), /^id,at,channel,who,unit,purpose,fields/);

  // Dispute with a reason.
  await card.getByRole('button', { name: '提出异议' }).click();
  await card.getByLabel('异议理由').fill('当天我没有去过任何检查点');
  await card.getByRole('button', { name: '提交异议' }).click();
  await card.getByText('待答复').waitFor();
  await shot(page, 'datauses-02-disputed');

  // The administrator answers.
  const admin = await newPage(browser, server.base, { width: 1280, height: 800 });
  await uiLogin(admin, DEMO.admin.id, DEMO.admin.password, '/admin/data-use-disputes');
  await admin.getByRole('heading', { name: '数据使用异议' }).waitFor();
  const item = admin.locator('li.dispute');
  await item.waitFor();
  assert.match(await item.innerText(), /当天我没有去过任何检查点/);
  assert.equal(await admin.locator('li.dispute.overdue').count(), 0);
  await shot(admin, 'datauses-03-admin-queue');
  await item.getByLabel('答复内容').fill('经核查，系工作人员误扫，已更正。');
  await item.getByRole('button', { name: '答复' }).click();
  await admin.getByText('暂无记录').waitFor(); // no open disputes left

  // The citizen sees the answer in the record and in the inbox.
  await page.reload();
  await card.getByText('已答复').waitFor();
  await card.getByText(/经核查，系工作人员误扫/).waitFor();
  await page.goto('/inbox');
  await page.getByText('您对数据使用的异议已答复').waitFor();
});

test('the consents page refuses a grant outside the catalogue, grants and revokes one', async () => {
  const id = newIdNumber('330106');
  await server.register('授权·居民', id, 'e2e-password-1');
  const page = await newPage(browser, server.base, { lang: 'en' });
  await uiLogin(page, id, 'e2e-password-1', '/consents');
  await page.getByRole('heading', { name: 'Consents' }).first().waitFor();
  await page.getByText('Nothing here yet').waitFor();
  // A service that is not in the exchange catalogue: refused, next to the field.
  await page.getByLabel('Client system').fill('CN-ZJ/GOV/330000-TAX/etax');
  await page.getByLabel('Service').fill('CN-ZJ/GOV/330000-HEALTH/fever/clinic-visits');
  await page.getByLabel('Purpose code').fill('travel_check');
  await page.getByRole('button', { name: 'Grant consent' }).click();
  await page.locator('.notice-error').waitFor();
  assert.equal(await page.locator('li.consent').count(), 0);
  // The fever clinic may read the person's colour for treatment only with a consent.
  await page.getByLabel('Client system').fill('CN-ZJ/GOV/330000-HEALTH/fever-clinic');
  await page.getByLabel('Service').fill('CN-ZJ/GOV/330000-OW/healthcode/colour');
  await page.getByLabel('Purpose code').fill('treatment');
  await page.getByRole('button', { name: 'Grant consent' }).click();
  const consent = page.locator('li.consent').first();
  await consent.getByText('Active').waitFor();
  await shot(page, 'datauses-04-consents');
  await consent.getByRole('button', { name: 'Revoke' }).click();
  await consent.getByText('Revoked').waitFor();
});
