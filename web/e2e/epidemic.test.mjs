// Epidemic response (issue 5) in the browser: a case report turns into traced contacts with their
// evidence (place and both time ranges), confirm/exclude, and community tasks marked done.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, launch, newIdNumber, newPage, shot, startServer, uiLogin } from './harness.mjs';

let server;
let browser;
let ready = false;
let place;
const patient = { id: newIdNumber('330104'), password: 'e2e-case-pass', name: '病例测试' };
const contact = { id: newIdNumber('330104'), password: 'e2e-contact-pass', name: '密接测试' };
const worker = { id: newIdNumber('330104'), password: 'e2e-worker-pass', name: '社区网格员' };

before(async () => {
  server = await startServer();
  browser = await launch();
  ready = (await server.has('POST', '/api/v1/cases')) && (await server.has('GET', '/api/v1/tasks')) && (await server.has('POST', '/api/v1/me/visits'));
  if (!ready) return;
  const official = await server.login(DEMO.official.id, DEMO.official.password);
  const p = await server.api('POST', '/api/v1/places', { name: '望江社区菜场', kind: 'venue', region: '330104', address: '望江路 20 号' }, official);
  assert.equal(p.status, 201, JSON.stringify(p.body));
  place = p.body;
  for (const who of [patient, contact, worker]) {
    await server.register(who.name, who.id, who.password);
    who.token = await server.login(who.id, who.password);
    who.masked = (await server.api('GET', '/api/v1/me', undefined, who.token)).body.masked_name;
  }
  // Both scan the place code on entry only (entry-only records, matched within the entry window;
  // in/out pairs within the same second would be zero-length stays that never overlap).
  const visit = async (who, direction) => {
    const r = await server.api('POST', '/api/v1/me/visits', { place_code: place.place_code, direction }, who.token);
    assert.equal(r.status, 201, JSON.stringify(r.body));
  };
  await visit(patient, 'in');
  await visit(contact, 'in');
  server.grant(worker.id, 'community_worker', '330104');
  worker.token = await server.login(worker.id, worker.password);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('case report: the case turns red, its close contact is traced with evidence; confirm and exclude', async (t) => {
  if (!ready) return t.skip('TODO: case reports and tasks (issue 5) are not in this build of onewindow yet');
  const page = await newPage(browser, server.base, { width: 1280, height: 900 });
  await uiLogin(page, DEMO.official.id, DEMO.official.password, '/official/cases');
  await page.getByRole('heading', { name: '传染病直报' }).waitFor();
  await page.locator('input[name=id_number]').fill(patient.id);
  await page.locator('select[name=status]').selectOption('suspected');
  await page.locator('input[name=reporting_unit]').fill('浙大一院发热门诊');
  await page.getByRole('button', { name: '报告病例' }).click();
  // First what it will do (nothing stored yet), then the confirmation.
  const impact = page.getByTestId('impact');
  await impact.waitFor();
  assert.match(await impact.locator('li[data-group=case]').innerText(), /被报告人 1 人将变为红码/);
  assert.match(await impact.locator('li[data-group=close]').innerText(), /密切接触者 1 人将变为红码（当前：绿码 1、黄码 0、红码 0）/);
  assert.equal((await server.api('GET', '/api/v1/me/health-code', undefined, patient.token)).body.colour, 'green');
  await shot(page, '28-official-case-impact');
  await impact.getByRole('button', { name: '确认报告病例' }).click();
  await page.getByText(/已报告，病例编号 \w+：密接 1 人/).waitFor();
  // The form is ready for the next report.
  assert.equal(await page.locator('input[name=id_number]').inputValue(), '');

  const card = page.locator('li.case').first();
  await card.getByText('疑似').first().waitFor();
  assert.match(await card.innerText(), /密接 1 人 · 次密接 0 人/);
  // Contacts open after reporting, with the evidence: place, both time ranges, entry-only note.
  const row = card.locator('table.contacts > tbody > tr', { hasText: contact.masked });
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /密切接触者/);
  assert.match(text, /望江社区菜场/);
  assert.match(text, /仅有进场记录/);
  assert.equal(await row.locator('table.evidence tbody tr').count(), 1);
  await shot(page, '29-official-cases-contacts');

  // Both are red now (the reason does not reveal the case to the contact).
  assert.equal((await server.api('GET', '/api/v1/me/health-code', undefined, patient.token)).body.colour, 'red');
  const cc = await server.api('GET', '/api/v1/me/health-code', undefined, contact.token);
  assert.equal(cc.body.colour, 'red', JSON.stringify(cc.body));
  assert.ok(!JSON.stringify(cc.body.reasons).includes(patient.masked), 'contact reasons do not name the case');

  await card.getByRole('button', { name: '确认病例' }).click();
  await card.locator('.tag-case-confirmed', { hasText: '确诊' }).waitFor();
  await card.getByRole('button', { name: '排除病例' }).click();
  await card.locator('.tag-case-excluded', { hasText: '已排除' }).waitFor();
  const pc = await server.api('GET', '/api/v1/me/health-code', undefined, patient.token);
  assert.notEqual(pc.body.colour, 'red', `an excluded case is not red: ${JSON.stringify(pc.body)}`);
  await page.context().close();
});

test('community tasks: a worker sees the traced contact, marks the task done with a note', async (t) => {
  if (!ready) return t.skip('TODO: case reports and tasks (issue 5) are not in this build of onewindow yet');
  const page = await newPage(browser, server.base);
  await uiLogin(page, worker.id, worker.password, '/official/tasks');
  await page.getByRole('heading', { name: '社区任务' }).waitFor();
  const task = page.locator('li.task.task-open', { hasText: contact.masked }).first();
  await task.waitFor();
  assert.match(await task.innerText(), /待办/);
  await shot(page, '30-community-tasks');
  const id = await task.getAttribute('data-task');
  await task.locator('textarea[name=note]').fill('已电话联系，安排居家隔离和上门核酸。');
  await task.getByRole('button', { name: '标记完成' }).click();
  await page.getByText(`已完成：${contact.masked}`).waitFor();
  await page.locator(`li.task[data-task="${id}"]`).waitFor({ state: 'detached' });
  await page.getByLabel('已完成', { exact: true }).check();
  const done = page.locator(`li.task[data-task="${id}"]`);
  await done.waitFor();
  assert.match(await done.innerText(), /已电话联系/);
  // Marking it done again is refused (409).
  const again = await server.api('POST', `/api/v1/tasks/${id}/done`, { note: 'x' }, worker.token);
  assert.equal(again.status, 409);

  // The contact's inbox tells them (without naming the case).
  const inbox = await server.api('GET', '/api/v1/me/inbox', undefined, contact.token);
  assert.equal(inbox.status, 200);
  assert.ok(inbox.body.unread > 0 && inbox.body.messages.length > 0, JSON.stringify(inbox.body));
  assert.ok(!JSON.stringify(inbox.body).includes(patient.masked));
  await page.context().close();
});
