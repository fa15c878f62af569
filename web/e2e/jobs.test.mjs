// Recruitment (issue 23; docs/jobs.md) in a real browser against a real server with the demo data:
// the demo enterprise of 张三 (its legal representative) has one open posting, 客服专员 in
// 杭州市西湖区 (330106), full time, 6000–9000 CNY a month. (a) Anyone finds it on /jobs without
// logging in — and does not find it with conditions it fails — and opens its server-rendered page.
// (b) A new citizen opens the link of the posting's poster QR code (decoded from the PNG with
// zxing-wasm), logs in, finds the résumé prefilled with the real-name profile's name, completes
// education and experience (a bad date and the missing consent are refused in the form), applies
// with consent, sees the confirmation and the reset form, and the application in their list; a
// tampered link is refused with the server's field error. (c) The employer shortlists the
// application and invites to an interview (the name is revealed only then), publishes a slot;
// the applicant books it, the .ics link serves text/calendar with the application's UID, and
// finally withdraws (the employer loses access).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { DEMO, launch, newIdNumber, newPage, shot, startServer, uiLogin } from './harness.mjs';

// The decoder's WebAssembly from node_modules (never fetched from a CDN).
prepareZXingModule({ overrides: { wasmBinary: readFileSync(fileURLToPath(import.meta.resolve('zxing-wasm/reader/zxing_reader.wasm'))) } });

const TITLE = '客服专员 Customer Service Representative';
let server;
let browser;
let employerToken;
let posting; // the demo posting's id
let applicant; // {id, password, token, name}
let applicationId;

before(async () => {
  server = await startServer();
  browser = await launch();
  employerToken = await server.login(DEMO.citizen.id, DEMO.citizen.password);
  const ents = await server.api('GET', '/api/v1/me/enterprises', undefined, employerToken);
  assert.equal(ents.status, 200, JSON.stringify(ents.body));
  const ent = ents.body.enterprises[0];
  assert.ok(ent, 'the demo citizen acts for an enterprise');
  const jobs = await server.api('GET', `/api/v1/enterprises/${ent.enterprise_id}/jobs`, undefined, employerToken);
  posting = jobs.body.jobs.find((j) => j.title === TITLE)?.id;
  assert.ok(posting, `no demo posting in ${JSON.stringify(jobs.body)}`);
  const id = newIdNumber('330106');
  await server.register('王求职', id, 'e2e-password-1');
  applicant = { id, password: 'e2e-password-1', name: '王求职', token: await server.login(id, 'e2e-password-1') };
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Accessibility basics (as in hospital.test.mjs); axe runs on these screens in a11y.test.mjs. */
async function a11y(page, where) {
  const problems = await page.evaluate(() => {
    const out = [];
    const name = (el) => (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.labels && [...el.labels].map((l) => l.textContent).join(' ')) || el.textContent || el.getAttribute('title') || '').trim();
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) if (!name(el) && !el.labels?.length) out.push(`unlabelled ${el.tagName.toLowerCase()}[name=${el.getAttribute('name')}]`);
    for (const el of document.querySelectorAll('button, a[href]')) if (!name(el)) out.push(`nameless ${el.tagName.toLowerCase()} ${el.outerHTML.slice(0, 80)}`);
    for (const el of document.querySelectorAll('img')) if (!el.getAttribute('alt')) out.push(`img without alt ${el.outerHTML.slice(0, 80)}`);
    const h1 = document.querySelectorAll('main h1');
    if (h1.length !== 1) out.push(`${h1.length} h1 in main`);
    for (const attr of ['aria-describedby', 'aria-labelledby'])
      for (const el of document.querySelectorAll(`[${attr}]`)) for (const id of el.getAttribute(attr).split(/\s+/)) if (id && !document.getElementById(id)) out.push(`${attr} → missing #${id}`);
    const ids = new Map();
    for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) ?? 0) + 1);
    for (const [id, n] of ids) if (n > 1) out.push(`duplicate id ${id}`);
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
    return out;
  });
  assert.deepEqual(problems, [], `accessibility problems on ${where}`);
}

/** The link the posting's poster QR code carries (path and query), decoded from the PNG. */
async function scannedLink() {
  const r = await fetch(`${server.base}/api/v1/jobs/${posting}/poster.png`, { headers: { Authorization: `Bearer ${employerToken}` } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'image/png');
  const codes = await readBarcodes(new Blob([await r.arrayBuffer()], { type: 'image/png' }), { formats: ['QRCode'] });
  assert.equal(codes.length, 1, 'one QR code on the poster');
  const url = new URL(codes[0].text);
  assert.equal(url.pathname, `/app/jobs/${posting}/apply`);
  assert.ok(url.searchParams.get('token'), codes[0].text);
  return `${url.pathname}${url.search}`;
}

/** Submits the search form: the server's answer, once the page shows its total. */
async function search(page) {
  const [r] = await Promise.all([page.waitForResponse((x) => new URL(x.url()).pathname === '/api/v1/jobs'), page.getByRole('button', { name: '查询岗位' }).click()]);
  assert.equal(r.status(), 200);
  const body = await r.json();
  await page.locator('.jobs-total').filter({ hasText: `共 ${body.total} 个岗位` }).waitFor();
  return body;
}

test('(a) anyone searches jobs without logging in and opens the posting page', async () => {
  const page = await newPage(browser, server.base, { width: 390, height: 844 });
  await page.goto('/jobs');
  await page.getByRole('heading', { name: '求职招聘', level: 1 }).waitFor();
  await page.locator('li.jobs-result').first().waitFor();
  await a11y(page, 'search');
  // A region code of 3 digits is refused by the form, nothing is searched.
  await page.getByLabel('工作地区').fill('331');
  await page.getByRole('button', { name: '查询岗位' }).click();
  await page.getByText('地区码应为 2、4 或 6 位数字。').waitFor();
  assert.equal(new URL(page.url()).search, '');
  // Conditions the posting fails: its top salary is 9000.
  await page.getByLabel('工作地区').fill('3301');
  await page.getByLabel('关键词').fill('客服');
  await page.getByLabel('最低月薪（元）').fill('10000');
  assert.equal((await search(page)).total, 0);
  await page.getByText('没有符合条件的岗位，请放宽条件再试。').waitFor();
  assert.equal(await page.locator('li.jobs-result').count(), 0);
  // Another region (Fuzhou) does not have it either.
  await page.getByLabel('最低月薪（元）').fill('8000');
  await page.getByLabel('工作地区').fill('3501');
  assert.equal((await search(page)).total, 0);
  // Hangzhou, keyword, full time, at least 8000: found.
  await page.getByLabel('工作地区').fill('3301');
  await page.getByLabel('用工类型').selectOption('FULL_TIME');
  const found = await search(page);
  assert.ok(found.jobs.some((j) => j.id === posting), JSON.stringify(found));
  const card = page.locator(`li.jobs-result[data-id="${posting}"]`);
  await card.waitFor();
  const q = new URL(page.url()).searchParams;
  assert.deepEqual([q.get('q'), q.get('region'), q.get('type'), q.get('salary_min')], ['客服', '3301', 'FULL_TIME', '8000']);
  const text = await card.innerText();
  assert.match(text, /6,000–9,000 元\/月/);
  assert.match(text, /全职/);
  assert.match(text, /杭州市西湖区/);
  // Applying online (without a poster) opens the same form, after the login.
  assert.equal(await card.getByRole('link', { name: `在线投递：${TITLE}` }).getAttribute('href'), `/app/jobs/${posting}/apply`);
  // Part time: not found.
  await page.getByLabel('用工类型').selectOption('PART_TIME');
  assert.equal((await search(page)).total, 0);
  await page.getByText('没有符合条件的岗位，请放宽条件再试。').waitFor();
  // Back to the full-time results (the address keeps the conditions), then open the posting.
  await page.goBack();
  await card.waitFor();
  assert.equal(await page.getByLabel('用工类型').inputValue(), 'FULL_TIME');
  await shot(page, 'jobs-01-search');
  await card.getByRole('link', { name: TITLE, exact: true }).click();
  await page.waitForURL(`**/jobs/${posting}`);
  await page.locator('h1').filter({ hasText: '客服专员' }).waitFor();
  const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').first().textContent());
  assert.equal(ld['@type'], 'JobPosting');
  assert.equal(ld.title, TITLE);
  await page.context().close();
});

test('(b) a citizen applies through the poster link with consent and sees the application', async () => {
  const link = await scannedLink();
  const page = await newPage(browser, server.base, { width: 390, height: 844 });
  // The scanned link asks for the login first and comes back to the form.
  await page.goto(link);
  await page.waitForURL((u) => u.pathname === '/login');
  await uiLogin(page, applicant.id, applicant.password, link);
  await page.waitForURL((u) => u.pathname === `/app/jobs/${posting}/apply`);
  await page.getByRole('heading', { name: '投递简历', level: 1 }).waitFor();
  await page.getByText(`应聘岗位：${TITLE}`).waitFor();
  // Prefilled from the real-name profile.
  await page.getByText('以下信息已根据您的实名资料预填').waitFor();
  assert.equal(await page.getByLabel('姓名').inputValue(), applicant.name);
  await a11y(page, 'apply');

  await page.getByLabel('学校').fill('浙江大学');
  await page.getByLabel('专业').fill('计算机科学');
  await page.locator('input[name=education-0-startDate]').fill('2015-09');
  await page.locator('input[name=education-0-endDate]').fill('2019-06');
  await page.getByLabel('单位名称').fill('杭州云客服科技有限公司');
  await page.getByLabel('职位').fill('客服组长');
  await page.locator('input[name=work-0-startDate]').fill('2019/07');
  await page.getByRole('button', { name: '同意并投递' }).click();
  // Refused in the form: the date, and the consent; nothing reached the server.
  await page.locator('.field.has-error').filter({ hasText: '日期格式应为' }).waitFor();
  await page.getByText('请勾选同意后再投递。').waitFor();
  assert.equal((await server.api('GET', '/api/v1/me/job-applications', undefined, applicant.token)).body.applications.length, 0);
  await page.locator('input[name=work-0-startDate]').fill('2019-07');
  await page.getByRole('button', { name: '添加工作经历' }).click();
  await page.locator('input[name=work-1-name]').fill('西湖区便民服务中心');
  await page.getByRole('checkbox', { name: /我同意/ }).check();
  await a11y(page, 'apply filled');
  await shot(page, 'jobs-02-apply');
  await page.getByRole('button', { name: '同意并投递' }).click();
  await page.getByText(/简历已投递给/).waitFor();
  // The form is reset: consent unticked, the résumé now the stored one (with what was added).
  assert.equal(await page.getByRole('checkbox', { name: /我同意/ }).isChecked(), false);
  await page.getByText('已载入您上次保存的简历').waitFor();
  assert.equal(await page.getByLabel('学校').inputValue(), '浙江大学');

  const mine = await server.api('GET', '/api/v1/me/job-applications', undefined, applicant.token);
  assert.equal(mine.body.applications.length, 1);
  const app = mine.body.applications[0];
  applicationId = app.id;
  assert.equal(app.posting_id, posting);
  assert.equal(app.source, 'scan');
  assert.equal(app.status, 'received');
  const full = await server.api('GET', `/api/v1/job-applications/${app.id}`, undefined, applicant.token);
  assert.deepEqual(full.body.resume.education, [{ institution: '浙江大学', area: '计算机科学', startDate: '2015-09', endDate: '2019-06' }]);
  assert.deepEqual(full.body.resume.work.map((w) => w.name), ['杭州云客服科技有限公司', '西湖区便民服务中心']);

  const open = page.getByRole('link', { name: '查看这份申请' });
  assert.equal(await open.getAttribute('href'), `/app/jobs/applications/${app.id}`);
  // Applying again is refused by the server (one live application), and the error is shown.
  await page.getByRole('checkbox', { name: /我同意/ }).check();
  await page.getByRole('button', { name: '同意并投递' }).click();
  await page.locator('.notice-error').waitFor();
  assert.equal((await server.api('GET', '/api/v1/me/job-applications', undefined, applicant.token)).body.applications.length, 1);

  // The application, from the menu's list. The menu has 求职 and my applications, and no
  // employer entry (this person acts for no enterprise).
  await page.getByRole('button', { name: '菜单' }).click();
  const nav = page.locator('#main-nav');
  await nav.getByRole('link', { name: '求职', exact: true }).waitFor();
  await page.waitForTimeout(300); // (the enterprises are asked for once the menu is shown)
  assert.equal(await nav.getByRole('link', { name: '企业招聘' }).count(), 0);
  await nav.getByRole('link', { name: '我的求职申请' }).click();
  await page.getByRole('heading', { name: '我的求职申请', level: 1 }).waitFor();
  await page.locator(`li.jobs-application[data-id="${app.id}"]`).getByRole('link', { name: TITLE }).click();
  await page.waitForURL(`**/app/jobs/applications/${app.id}`);
  await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
  await page.locator('.jobs-facts').getByText('已投递').waitFor();
  await page.locator('.jobs-facts').getByText('扫码投递').waitFor();
  await page.getByText('西湖区便民服务中心').waitFor();
  await a11y(page, 'application');
  await page.getByRole('link', { name: '返回我的求职申请' }).click();
  await page.getByRole('heading', { name: '我的求职申请', level: 1 }).waitFor();
  await page.locator(`li.jobs-application[data-id="${app.id}"][data-status=received]`).waitFor();

  // A tampered link: the server's field error in words.
  const bad = link.replace(/token=([^&]+)/, (_, tok) => `token=${tok.slice(0, -1)}${tok.endsWith('A') ? 'B' : 'A'}`);
  await page.goto(bad);
  await page.getByText(/二维码链接无效/).waitFor();
  await page.context().close();
});

test('(c) the employer invites to an interview and adds a slot; the applicant books it and gets the .ics', async () => {
  assert.ok(applicationId, 'test (b) applied');
  const emp = await newPage(browser, server.base, { width: 1280, height: 900 });
  await uiLogin(emp, DEMO.citizen.id, DEMO.citizen.password, '/app/jobs/employer');
  await emp.getByRole('heading', { name: '企业招聘', level: 1 }).waitFor();
  await emp.locator('#main-nav').getByRole('link', { name: '企业招聘' }).waitFor();
  const card = emp.locator(`li.jobs-posting[data-id="${posting}"]`);
  await card.waitFor();
  // The poster: the QR image and its PNG / SVG links.
  await card.getByText('扫码投递海报').click();
  await emp.waitForFunction(() => {
    const img = document.querySelector('img.jobs-poster-img');
    return img && img.complete && img.naturalWidth > 0;
  });
  const svg = await emp.request.get(await card.locator('a.jobs-poster-svg').getAttribute('href'));
  assert.equal(svg.status(), 200);
  assert.match(svg.headers()['content-type'], /^image\/svg\+xml/);
  await card.getByRole('button', { name: '处理应聘者' }).click();
  await emp.waitForURL((u) => u.searchParams.get('posting') === posting);
  const applicantCard = emp.locator(`li.jobs-applicant[data-id="${applicationId}"]`);
  await emp.locator(`.jobs-column[data-status=received] li.jobs-applicant[data-id="${applicationId}"]`).waitFor();
  // Masked until the interview.
  const masked = await applicantCard.locator('.jobs-applicant-name').innerText();
  assert.ok(!masked.includes(applicant.name), masked);
  assert.match(masked, /^王\*/);
  await a11y(emp, 'pipeline');
  await applicantCard.getByRole('button', { name: /^通过初筛/ }).click();
  await emp.locator(`.jobs-column[data-status=shortlisted] li.jobs-applicant[data-id="${applicationId}"]`).waitFor();
  await applicantCard.getByLabel('线上面试链接（选填，https://）').fill('https://meeting.example.cn/r/42');
  await applicantCard.getByRole('button', { name: /^邀请面试/ }).click();
  await emp.locator(`.jobs-column[data-status=interview] li.jobs-applicant[data-id="${applicationId}"]`).waitFor();
  await applicantCard.locator('.jobs-applicant-name').filter({ hasText: applicant.name }).waitFor();
  // A slot tomorrow (the form's default day), 10:00–10:30.
  await emp.getByLabel('开始时间').fill('10:00');
  await emp.getByLabel('结束时间').fill('10:30');
  await emp.getByRole('button', { name: '发布面试时段' }).click();
  await emp.getByText(/已发布面试时段：.*10:00–10:30/).waitFor();
  await emp.locator('.jobs-slot-list li.jobs-slot').filter({ hasText: '10:00–10:30' }).waitFor();
  await a11y(emp, 'pipeline with slot');
  await shot(emp, 'jobs-03-employer');

  const page = await newPage(browser, server.base, { width: 390, height: 844 });
  await uiLogin(page, applicant.id, applicant.password, `/app/jobs/applications/${applicationId}`);
  await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
  await page.locator('.jobs-facts').getByText('邀请面试').waitFor();
  await page.getByRole('link', { name: 'https://meeting.example.cn/r/42' }).waitFor();
  const slot = page.locator('li.jobs-slot').filter({ hasText: '10:00–10:30' });
  await slot.waitFor();
  await a11y(page, 'invited');
  await slot.getByRole('button', { name: /^选择此时段：/ }).click();
  await page.getByText(/已预约面试：.*10:00–10:30/).first().waitFor();
  await slot.getByText('当前预约').waitFor();
  const ics = page.getByRole('link', { name: '下载面试邀请（日历文件 .ics）' });
  const r = await page.request.get(await ics.getAttribute('href'));
  assert.equal(r.status(), 200);
  assert.match(r.headers()['content-type'], /^text\/calendar/);
  const body = await r.text();
  assert.match(body, /BEGIN:VEVENT/);
  assert.match(body, new RegExp(`UID:job-application-${applicationId}@onewindow`));
  assert.match(body, /SEQUENCE:0/);
  await shot(page, 'jobs-04-interview');

  // Withdraw: the résumé copy is erased and the employer loses access.
  await page.getByRole('button', { name: '撤回申请' }).click();
  await page.getByRole('button', { name: '确认撤回' }).click();
  await page.getByText('申请已撤回。', { exact: true }).waitFor();
  await page.locator('.jobs-facts').getByText('已撤回').waitFor();
  await page.getByText('简历副本和附件已删除').waitFor();
  const gone = await server.api('GET', `/api/v1/job-applications/${applicationId}`, undefined, employerToken);
  assert.equal(gone.status, 404);
  await page.context().close();
  await emp.context().close();
});
