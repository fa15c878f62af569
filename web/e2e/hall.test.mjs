// The service hall (issue 21) in a real browser against a real server: (a) a citizen finds the
// flexible-employment social insurance subsidy in the public catalogue (390 px, not logged in),
// reads its guide, logs in, fills the form, saves a draft and returns to it, checks the answers,
// submits and gets the case number; an officer of the department (service_officer granted
// dept:330000-HRSS by the administrator through the API, 1280 px) claims, accepts, reviews,
// approves and closes it; the applicant sees the timeline and the licence in the wallet. (b) A correction round: the officer
// asks for a correction, the deadline shows as paused, the applicant corrects and resubmits, the
// deadline runs again; a stale officer page gets the 409 message and reloads. (c) Prefilled
// values and prefill errors as the prefill part will send them. (e) An enterprise applies for the
// retention subsidy. (d, last: it moves the clock) Deadline colours and the overdue filter.
// Each screen is also checked for basic accessibility (labels, names, one h1, no sideways scroll).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, launch, newIdNumber, newPage, shot, startServer, uiLogin } from './harness.mjs';

const ITEM = '330000-1019-01'; // 灵活就业人员社会保险补贴, 330000-HRSS, promised 10 working days
const DEPT = '330000-HRSS';
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

/**
 * Accessibility basics the pages must keep (there is no axe-core in this project): every form
 * control has an accessible name, every button and link has a name, one <h1>, headings do not
 * skip levels downwards from h1 to h3 without h2, nothing scrolls sideways at this width.
 */
async function a11y(page, where) {
  const problems = await page.evaluate(() => {
    const out = [];
    const name = (el) => (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.labels && [...el.labels].map((l) => l.textContent).join(' ')) || el.textContent || el.getAttribute('title') || '').trim();
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) if (!name(el) && !el.labels?.length) out.push(`unlabelled ${el.tagName.toLowerCase()}[name=${el.getAttribute('name')}]`);
    for (const el of document.querySelectorAll('button, a[href]')) if (!name(el)) out.push(`nameless ${el.tagName.toLowerCase()} ${el.outerHTML.slice(0, 80)}`);
    const h1 = document.querySelectorAll('main h1');
    if (h1.length !== 1) out.push(`${h1.length} h1 in main`);
    for (const el of document.querySelectorAll('[aria-describedby]')) for (const id of el.getAttribute('aria-describedby').split(/\s+/)) if (id && !document.getElementById(id)) out.push(`aria-describedby → missing #${id}`);
    for (const el of document.querySelectorAll('[aria-labelledby]')) for (const id of el.getAttribute('aria-labelledby').split(/\s+/)) if (id && !document.getElementById(id)) out.push(`aria-labelledby → missing #${id}`);
    const ids = new Map();
    for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) ?? 0) + 1);
    for (const [id, n] of ids) if (n > 1) out.push(`duplicate id ${id}`);
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
    return out;
  });
  assert.deepEqual(problems, [], `accessibility problems on ${where}`);
}

async function makeOfficer() {
  const id = newIdNumber('330106');
  await server.register('服务·专员', id, 'e2e-password-1');
  const adminToken = await server.login(DEMO.admin.id, DEMO.admin.password);
  const g = await server.api('POST', '/api/v1/admin/grants', { id_number: id, role: 'service_officer', scope: `dept:${DEPT}` }, adminToken);
  assert.equal(g.status, 201, JSON.stringify(g.body));
  return id;
}

async function officerAct(page, button, note) {
  if (note !== undefined) await page.getByLabel('意见或理由').fill(note);
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByText(`已执行：${button}`).waitFor();
}

test('(a) a citizen applies from the catalogue; an officer claims, accepts, reviews, approves and closes; the applicant sees the timeline', async () => {
  const id = newIdNumber('330106');
  await server.register('灵活·就业', id, 'e2e-password-1');
  const officerId = await makeOfficer();

  // The public catalogue and guide, on a phone, without logging in.
  const page = await newPage(browser, server.base, { width: 390, height: 844 });
  await page.goto('/hall');
  await page.getByRole('heading', { name: '政务服务事项' }).waitFor();
  await page.locator('li.hall-item').first().waitFor();
  assert.ok((await page.locator('li.hall-item').count()) >= 4);
  await a11y(page, 'catalogue');
  await shot(page, 'hall-01-catalogue');
  await page.getByLabel('搜索事项').fill('灵活就业');
  await page.getByRole('button', { name: '搜索' }).click();
  await page.waitForURL(/q=/);
  await page.getByText('共 1 项').waitFor();
  await page.getByRole('link', { name: '灵活就业人员社会保险补贴' }).click();
  await page.getByRole('heading', { name: '灵活就业人员社会保险补贴', level: 1 }).waitFor();
  const guide = await page.locator('main').innerText();
  assert.match(guide, /浙江省人力资源和社会保障厅/);
  assert.match(guide, /承诺时限\s*10 个工作日/);
  assert.match(guide, /法定时限\s*20 个工作日/);
  assert.match(guide, /0 次（不见面）/);
  assert.match(guide, /不收费/);
  assert.match(guide, /就业促进法/);
  assert.equal(await page.locator('.hall-materials li[data-source=exchange]').innerText().then((s) => /共享数据/.test(s)), true);
  await a11y(page, 'guide');
  await shot(page, 'hall-02-guide');

  // Apply: the login comes first, then the form.
  await page.getByRole('link', { name: '登录后申请' }).click();
  await page.waitForURL(/\/login/);
  await page.getByLabel('身份证号').fill(id);
  await page.locator('input[name=password]').fill('e2e-password-1');
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/hall\/apply\?item=/);
  await page.getByText('第 1 步，共 2 步：填写材料').waitFor();
  // A required field left empty is told next to it.
  await page.getByRole('button', { name: '下一步：核对信息' }).click();
  await page.getByText('请填写“本人社会保障卡银行账户”').waitFor();
  await a11y(page, 'apply form');
  await page.getByLabel('本人社会保障卡银行账户').fill('6217 0000 1111 2222');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await page.getByText('草稿已保存').waitFor();
  await page.waitForURL(/ref=/);

  // Return later: the draft is listed under 我的办件 and keeps its answer.
  await page.goto('/hall/cases');
  const draftCard = page.locator('li.hall-case-card[data-state=draft]');
  await draftCard.waitFor();
  await draftCard.getByRole('link', { name: '继续填写' }).click();
  await page.getByLabel('本人社会保障卡银行账户').waitFor();
  assert.equal(await page.getByLabel('本人社会保障卡银行账户').inputValue(), '6217 0000 1111 2222');
  await page.getByLabel('本人社会保障卡银行账户').fill('6217 0000 1111 3333');
  await page.getByRole('button', { name: '下一步：核对信息' }).click();

  // Check your answers, change one, check again, submit.
  await page.getByRole('heading', { name: '核对您的申请' }).waitFor();
  assert.match(await page.locator('.hall-check').innerText(), /6217 0000 1111 3333/);
  await a11y(page, 'check answers');
  await shot(page, 'hall-03-check');
  await page.getByRole('link', { name: '修改“本人社会保障卡银行账户”' }).click();
  await page.getByLabel('本人社会保障卡银行账户').fill('6217 0000 1111 4444');
  await page.getByRole('button', { name: '下一步：核对信息' }).click();
  await page.getByRole('heading', { name: '核对您的申请' }).waitFor();
  assert.match(await page.locator('.hall-check').innerText(), /6217 0000 1111 4444/);
  await page.getByRole('button', { name: '确认提交' }).click();
  await page.getByRole('heading', { name: '申请已提交' }).waitFor();
  const number = (await page.locator('.hall-case-number').innerText()).trim();
  assert.match(number, /^330000-1019-\d{8}-\d{5}$/);
  await a11y(page, 'confirmation');
  await shot(page, 'hall-04-confirmation');

  // The officer's queue at 1280 px: the case, unassigned; claim it, open it, act.
  const off = await newPage(browser, server.base, { width: 1280, height: 800 });
  await uiLogin(off, officerId, 'e2e-password-1', '/official/hall');
  await off.getByRole('heading', { name: '办件工作台' }).waitFor();
  const row = off.locator(`tr[data-case="${number}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /待认领/);
  assert.match(await row.innerText(), /已申请/);
  await a11y(off, 'queue');
  await row.getByRole('button', { name: `认领 ${number}` }).click();
  await row.getByText('我', { exact: true }).waitFor();
  // Only mine: still there; state filter "审查中": not there.
  await off.getByLabel('仅看我认领的').check();
  await off.waitForURL(/mine=1/);
  await row.waitFor();
  await off.getByLabel('状态').selectOption('review');
  await off.getByText('暂无记录').waitFor();
  await off.getByLabel('状态').selectOption('');
  await row.waitFor();
  await shot(off, 'hall-05-queue');
  await row.getByRole('link', { name: number }).click();
  await off.locator('.hall-officer-case').waitFor();
  assert.match(await off.locator('.hall-answers').innerText(), /6217 0000 1111 4444/);
  await a11y(off, 'officer case');
  await officerAct(off, '受理');
  assert.equal(await off.locator('.hall-dl').first().getAttribute('data-status'), 'running');
  await officerAct(off, '开始审查');
  // Reasons are required for a decision.
  await off.getByRole('button', { name: '准予', exact: true }).click();
  await off.getByText('请填写意见或理由').waitFor();
  await officerAct(off, '准予', '符合灵活就业社保补贴条件，按实际缴费三分之二补贴。');
  await shot(off, 'hall-06-officer-case');
  await officerAct(off, '办结');
  await off.locator('.hall-state-closed').first().waitFor();

  // The applicant: my cases, then the case with its history.
  await page.goto('/hall/cases');
  const card = page.locator('li.hall-case-card[data-state=closed]');
  await card.waitFor();
  assert.match(await card.innerText(), new RegExp(number));
  await card.getByRole('link').first().click();
  await page.waitForURL(new RegExp(`/hall/cases/${number}`));
  await page.locator('.hall-timeline li').first().waitFor();
  const actions = await page.locator('.hall-timeline li').evaluateAll((l) => l.map((e) => e.dataset.action));
  for (const a of ['create', 'submit', 'claim', 'accept', 'start_review', 'approve', 'close']) assert.ok(actions.includes(a), `history has ${a}: ${actions}`);
  const timeline = await page.locator('.hall-timeline').innerText();
  assert.match(timeline, /符合灵活就业社保补贴条件/);
  assert.doesNotMatch(timeline, /服务·专员/, 'the officer is named only masked');
  assert.match(timeline, /\*/);
  assert.match(await page.locator('.hall-case').innerText(), /已办结/);
  await a11y(page, 'my case');
  await shot(page, 'hall-07-timeline');

  // From apply to licence: the decision of the closed case is in the applicant's wallet.
  await page.goto('/licences');
  await page.getByRole('heading', { name: '我的证照' }).waitFor();
  const licence = page.locator('li.licence', { hasText: number });
  await licence.waitFor();
  assert.match(await licence.innerText(), /灵活就业/);
});

test('(b) a correction round: paused deadline, the applicant corrects and resubmits, running again; a stale officer page gets a 409 and reloads', async () => {
  const id = newIdNumber('330106');
  await server.register('补正·申请人', id, 'e2e-password-1');
  const token = await server.login(id, 'e2e-password-1');
  const created = await server.api('POST', '/api/v1/hall/applications', { item: ITEM, answers: { bank_account: '6217 9999 0000 0001' } }, token);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const number = created.body.case_number;
  const officerId = await makeOfficer();
  const officerToken = await server.login(officerId, 'e2e-password-1');

  const off = await newPage(browser, server.base, { width: 1280, height: 800, lang: 'zh-CN' });
  await uiLogin(off, officerId, 'e2e-password-1', `/official/hall/cases/${number}`);
  await off.locator('.hall-officer-case').waitFor();
  await off.getByText('认领后即可办理。').waitFor();
  await off.getByRole('button', { name: '认领' }).click();
  await off.locator('.hall-assignee', { hasText: '我' }).first().waitFor();
  await officerAct(off, '受理');
  await officerAct(off, '要求补正', '银行账户与社会保障卡不一致，请核对后重新填写。');
  assert.equal(await off.locator('.hall-dl').first().getAttribute('data-status'), 'paused');

  // The applicant sees the request, the paused deadline, corrects and resubmits.
  const page = await newPage(browser, server.base, { width: 390, height: 844 });
  await uiLogin(page, id, 'e2e-password-1', `/hall/cases/${number}`);
  await page.getByRole('heading', { name: '请补正材料' }).waitFor();
  await page.getByText('工作人员意见：银行账户与社会保障卡不一致').waitFor();
  assert.equal(await page.locator('.hall-dl').first().getAttribute('data-status'), 'paused');
  assert.match(await page.locator('.hall-dl').first().innerText(), /暂停/);
  await a11y(page, 'correction');
  await shot(page, 'hall-08-correction');
  await page.getByLabel('本人社会保障卡银行账户').fill('');
  await page.getByRole('button', { name: '补正后重新提交' }).click();
  await page.getByText('请填写“本人社会保障卡银行账户”').waitFor();
  await page.getByLabel('本人社会保障卡银行账户').fill('6217 9999 0000 0002');
  await page.getByRole('button', { name: '补正后重新提交' }).click();
  await page.getByText('已重新提交').waitFor();
  await page.locator('.hall-state-review').first().waitFor();
  assert.equal(await page.locator('.hall-dl').first().getAttribute('data-status'), 'running');
  assert.match(await page.locator('.hall-answers').innerText(), /6217 9999 0000 0002/);
  const actions = await page.locator('.hall-timeline li').evaluateAll((l) => l.map((e) => e.dataset.action));
  assert.ok(actions.includes('request_correction') && actions.includes('resubmit'), String(actions));

  // The officer's page still shows the case in correction: reload it, it is in review, running.
  await off.reload();
  await off.locator('.hall-state-review').first().waitFor();
  assert.equal(await off.locator('.hall-dl').first().getAttribute('data-status'), 'running');
  assert.match(await off.locator('.hall-answers').innerText(), /6217 9999 0000 0002/);

  // Meanwhile the case changes elsewhere (released and claimed again through the API): the
  // page's version is stale, the decision gets a 409, the page says so and reloads.
  const cur = await server.api('GET', `/api/v1/hall/applications/${number}`, undefined, officerToken);
  const rel = await fetch(`${server.base}/api/v1/hall/applications/${number}/release`, { method: 'POST', headers: { Authorization: `Bearer ${officerToken}`, 'If-Match': `"${cur.body.version}"`, 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(rel.status, 200);
  const cl = await server.api('POST', `/api/v1/hall/applications/${number}/claim`, {}, officerToken);
  assert.equal(cl.status, 200);
  await off.getByLabel('意见或理由').fill('补正后符合条件。');
  await off.getByRole('button', { name: '准予', exact: true }).click();
  await off.getByText(/此办件刚被他人更新/).waitFor();
  assert.equal(await off.locator('.hall-state-review').count() > 0, true, 'still in review after the 409');
  await shot(off, 'hall-09-conflict');
  await officerAct(off, '准予', '补正后符合条件。');
  await off.locator('.hall-state-approved').first().waitFor();
});

test('(c) prefilled data are shown read-only with their source and time (Asia/Shanghai), and a prefill error in words', async () => {
  // The prefill part of the server adds `prefilled` and `prefill_errors` to the case; until it
  // lands in this branch the browser adds them to the server's real answer, as that part sends them.
  const id = newIdNumber('330106');
  await server.register('预填·申请人', id, 'e2e-password-1');
  const token = await server.login(id, 'e2e-password-1');
  const created = await server.api('POST', '/api/v1/hall/applications', { item: ITEM, answers: { bank_account: '6217 5555 0000 0001' } }, token);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const number = created.body.case_number;
  const page = await newPage(browser, server.base, { width: 390, height: 844 });
  let withError = false;
  await page.route(`**/api/v1/hall/applications/${number}`, async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    if (withError) body.prefill_errors = { contributions: { code: 'unavailable', message: '人社厅接口暂不可用' } };
    else body.prefilled = { contributions: { value: 12, source: { zh: '浙江省人力资源和社会保障厅', en: 'Zhejiang HRSS' }, member: 'CN-ZJ/GOV/330000-HRSS', fetched_at_ms: Date.UTC(2026, 11, 3, 2, 2) } };
    await route.fulfill({ response: res, json: body });
  });
  await uiLogin(page, id, 'e2e-password-1', `/hall/cases/${number}`);
  const pre = page.locator('.hall-answers .hall-prefilled');
  await pre.waitFor();
  assert.equal((await pre.innerText()).trim(), '12 — 浙江省人力资源和社会保障厅, 12-03 10:02');
  assert.equal(await page.locator('.hall-answers input, .hall-answers textarea').count(), 0, 'read-only');
  withError = true;
  await page.reload();
  await page.getByText('未能获取共享数据：人社厅接口暂不可用').waitFor();
});

/** A valid GB 32100 unified social credit code, unique per call. */
let creditSeq = 0;
function newCreditCode() {
  const A = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const tail = String((Date.now() % 1e6) * 10 + (creditSeq++ % 10)).padStart(7, '0').slice(-7);
  const first = `91330100MA2H${tail}`.slice(0, 17);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += A.indexOf(first[i]) * W[i];
  return first + A[(31 - (sum % 31)) % 31];
}

test('(e) an enterprise subsidy: the person applies for their enterprise, shared data shown by source, through check-your-answers to the case number', async () => {
  const id = newIdNumber('330106');
  await server.register('企业·经办人', id, 'e2e-password-1');
  const token = await server.login(id, 'e2e-password-1');
  const ent = await server.api('POST', '/api/v1/enterprises', { credit_code: newCreditCode(), name: '杭州留工测试有限公司' }, token);
  assert.equal(ent.status, 201, JSON.stringify(ent.body));

  const page = await newPage(browser, server.base, { width: 390, height: 844 });
  await uiLogin(page, id, 'e2e-password-1', '/hall/items/330000-1006-01');
  await page.getByRole('heading', { name: /一次性留工培训补助/, level: 1 }).waitFor();
  assert.equal(await page.locator('.hall-materials li[data-source=exchange]').count(), 3);
  await page.getByRole('link', { name: '在线申请' }).click();
  await page.getByText('第 1 步，共 2 步：填写材料').waitFor();
  assert.equal(await page.getByLabel('申请企业').inputValue(), ent.body.enterprise_id);
  // Shared data are not asked for: shown with their source, no field.
  assert.equal(await page.locator('.hall-material[data-source=exchange]').count(), 3);
  assert.equal(await page.locator('.hall-form textarea').count(), 1);
  await a11y(page, 'enterprise apply form');
  await page.getByLabel('企业基本存款账户').fill('33050161 6227 0000 1234');
  await page.getByRole('button', { name: '下一步：核对信息' }).click();
  await page.getByRole('heading', { name: '核对您的申请' }).waitFor();
  const check = await page.locator('.hall-check').innerText();
  assert.match(check, /杭州留工测试有限公司/);
  assert.match(check, /33050161 6227 0000 1234/);
  await page.getByRole('button', { name: '确认提交' }).click();
  await page.getByRole('heading', { name: '申请已提交' }).waitFor();
  assert.match((await page.locator('.hall-case-number').innerText()).trim(), /^330000-1006-\d{8}-\d{5}$/);
});

test('(d) the queue colours the deadline: running, warning near it, overdue after it; the overdue filter', async () => {
  // Runs last: it moves the server's test clock forward.
  const id = newIdNumber('330106');
  await server.register('时限·申请人', id, 'e2e-password-1');
  const token = await server.login(id, 'e2e-password-1');
  const created = await server.api('POST', '/api/v1/hall/applications', { item: ITEM, answers: { bank_account: '6217 7777 0000 0001' } }, token);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const number = created.body.case_number;
  const officerId = await makeOfficer();
  const officerToken = await server.login(officerId, 'e2e-password-1');
  const accepted = await server.api('POST', `/api/v1/hall/applications/${number}/actions`, { action: 'accept' }, officerToken);
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  // (Sessions expire while the clock moves on: log in again for each look.)
  const status = async () => {
    const r = await server.api('GET', `/api/v1/hall/applications/${number}`, undefined, await server.login(officerId, 'e2e-password-1'));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.deadline.status;
  };

  const off = await newPage(browser, server.base, { width: 1280, height: 800 });
  await uiLogin(off, officerId, 'e2e-password-1', '/official/hall?mine=1');
  const row = off.locator(`tr[data-case="${number}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-deadline'), 'running');
  assert.match(await row.locator('.hall-dl').innerText(), /正常 · 剩余 \d+ 个工作日/);
  // The overdue filter leaves it out while it runs.
  await off.getByLabel('仅看超期').check();
  await off.getByText('暂无记录').waitFor();

  for (let i = 0; i < 30 && (await status()) === 'running'; i++) await server.advanceDays(1);
  assert.equal(await status(), 'warning');
  await uiLogin(off, officerId, 'e2e-password-1', '/official/hall?mine=1');
  await row.waitFor();
  assert.equal(await row.getAttribute('data-deadline'), 'warning');
  assert.match(await row.locator('.hall-dl').innerText(), /即将到期/);
  await a11y(off, 'queue with a warning');

  for (let i = 0; i < 30 && (await status()) === 'warning'; i++) await server.advanceDays(1);
  assert.equal(await status(), 'overdue');
  await uiLogin(off, officerId, 'e2e-password-1', '/official/hall?mine=1');
  await off.getByLabel('仅看超期').check();
  await row.waitFor();
  assert.equal(await row.getAttribute('data-deadline'), 'overdue');
  assert.match(await row.locator('.hall-dl').innerText(), /已超期/);
  await shot(off, 'hall-10-overdue');
});
