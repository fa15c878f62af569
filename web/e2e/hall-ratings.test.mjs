// Ratings (好差评) in a real browser against a real server: a citizen's closed application is
// rated 非常不满意 with a comment on the rating form; the department's officer finds the
// rectification task in 差评整改 and moves it through 核实 → 整改 → 反馈; the citizen sees the
// department's answer; the public statistics page (no login) counts the rating.
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

const ITEM = '330000-1019-01'; // 灵活就业人员社会保险补贴, department 330000-HRSS

test('a bad rating is answered by the department and counted in the public statistics', async () => {
  const citizen = newIdNumber('330106');
  await server.register('评价·居民', citizen, 'e2e-password-1');
  const citizenToken = await server.login(citizen, 'e2e-password-1');
  const officer = newIdNumber('330106');
  await server.register('人社·窗口', officer, 'e2e-password-2');
  server.grant(officer, 'service_officer', 'dept:330000-HRSS');
  const officerToken = await server.login(officer, 'e2e-password-2');

  // The application, decided and closed through the API.
  const applied = await server.api('POST', '/api/v1/hall/applications', { item: ITEM, answers: { bank_account: '6222 0000 0000 0000' } }, citizenToken);
  assert.equal(applied.status, 201, JSON.stringify(applied.body));
  const n = applied.body.case_number;
  for (const [action, note] of [['accept'], ['start_review'], ['approve', '符合条件，准予补贴'], ['close']]) {
    const r = await server.api('POST', `/api/v1/hall/applications/${n}/actions`, note ? { action, note } : { action }, officerToken);
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
  }

  // The citizen rates it on the form the inbox invitation links to.
  const page = await newPage(browser, server.base);
  await uiLogin(page, citizen, 'e2e-password-1', `/hall/rating?case=${n}`);
  await page.getByRole('heading', { name: '评价办件' }).waitFor();
  await page.locator('fieldset[data-dim=overall]').getByLabel('非常不满意').check();
  await page.locator('fieldset[data-dim=efficiency]').getByLabel('不满意', { exact: true }).check();
  await page.getByLabel('意见建议（选填）').fill('补贴到账比承诺晚了一周');
  await shot(page, 'hall-ratings-01-form');
  await page.getByRole('button', { name: '提交评价' }).click();
  await page.locator('.rating-done').waitFor();
  assert.match(await page.locator('.rating-done').innerText(), /非常不满意/);
  await page.getByText('部门正在核实整改').waitFor();

  // The officer answers the rectification task step by step.
  const desk = await newPage(browser, server.base, { width: 1280, height: 800 });
  await uiLogin(desk, officer, 'e2e-password-2', '/hall/rectifications');
  await desk.getByRole('heading', { name: '差评整改' }).waitFor();
  const task = desk.locator('li.rectification');
  await task.waitFor();
  assert.match(await task.innerText(), /补贴到账比承诺晚了一周/);
  await task.getByLabel('核实情况').fill('经核实，银行代发批次延误 5 个工作日');
  await task.getByRole('button', { name: '完成核实' }).click();
  await desk.locator('li.rectification[data-state=rectify]').waitFor();
  await task.getByLabel('整改措施').fill('已与代发银行约定次日到账并建立提醒');
  await task.getByRole('button', { name: '完成整改' }).click();
  await desk.locator('li.rectification[data-state=feedback]').waitFor();
  await task.getByLabel('给申请人的答复').fill('非常抱歉，补贴已到账，今后将按时发放。');
  await task.getByRole('button', { name: '答复申请人' }).click();
  await desk.locator('li.rectification[data-state=done]').waitFor();
  await shot(desk, 'hall-ratings-02-rectification');

  // The citizen sees the answer (and was told of it).
  await page.reload();
  await page.locator('.rectification[data-state=done]').waitFor();
  assert.match(await page.locator('.rectification .response').innerText(), /补贴已到账/);
  const inbox = await server.api('GET', '/api/v1/me/inbox', undefined, citizenToken);
  assert.ok(JSON.stringify(inbox.body).includes('已有答复'));
  await shot(page, 'hall-ratings-03-answer');

  // The public statistics, without login.
  const visitor = await newPage(browser, server.base, { width: 1280, height: 800 });
  await visitor.goto('/hall/stats');
  await visitor.getByRole('heading', { name: '办事评价统计' }).waitFor();
  const row = visitor.locator(`table[data-by=item] tr[data-key="${ITEM}"]`);
  await row.waitFor();
  assert.equal((await row.locator('td[data-level=very_dissatisfied]').innerText()).trim(), '1');
  assert.equal((await row.locator('td[data-col=satisfaction]').innerText()).trim(), '0.0%');
  assert.match(await visitor.locator('table[data-by=department] tr[data-key="330000-HRSS"]').innerText(), /1/);
  await shot(visitor, 'hall-ratings-04-stats');
});
