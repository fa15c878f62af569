// Hospital booking by time slot (issue 22) in a real browser against a real server with the demo
// data (福建省立医院: 内科 with 陈明 and 黄丽, 儿科, 发热门诊; its administrator 林静). The test clock
// is set to 07:00 (Asia/Shanghai) of the next day first, so the day's slots from 08:00 are all
// ahead and the two-hour cancellation deadline is known. (a) A citizen finds 黄丽 by name, picks
// tomorrow in the day picker, holds and books 10:00, sees it in my appointments with its
// check-in QR image and the cancel deadline, cancels it. (b) A person who declared a fever
// (yellow code) is refused 内科 and offered the fever clinic's slots, and books one there. (c) The
// hospital administrator sees today's list with masked patients, marks arrived → seen and a
// no-show, finds it under no-shows, and adds a weekly schedule. Each screen gets the
// accessibility checks the other browser tests use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newIdNumber, newPage, shot, startServer, uiLogin } from './harness.mjs';

const HOSPITAL_ADMIN = { id: '350102197806180056', password: 'demo-hospital' };
let server;
let browser;
let hospital; // {id, name}
let internal; // 内科 department id
let fever; // 发热门诊 department id
let huang; // doctor 黄丽
let today; // YYYY-MM-DD on the server clock (Shanghai)
let tomorrow;

/** YYYY-MM-DD of a moment in Asia/Shanghai. */
function shanghaiDay(ms) {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

before(async () => {
  server = await startServer();
  browser = await launch();
  // 07:00 in Shanghai of the day after the real one: forward only, so the demo's schedules
  // (made at start-up) just release more days.
  today = shanghaiDay(Date.now() + 86_400_000);
  tomorrow = shanghaiDay(Date.parse(`${today}T12:00:00+08:00`) + 86_400_000);
  const c = await server.api('POST', '/api/v1/test/clock', { now: `${today}T07:00:00+08:00` });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  const list = await server.api('GET', '/api/v1/hospitals');
  hospital = list.body.hospitals.find((h) => h.name === '福建省立医院');
  assert.ok(hospital, `no demo hospital in ${JSON.stringify(list.body)}`);
  const dir = (await server.api('GET', `/api/v1/hospitals/${hospital.id}/departments`)).body;
  internal = dir.departments.find((d) => d.name.zh === '内科').id;
  fever = dir.departments.find((d) => d.kind === 'fever').id;
  huang = dir.doctors.find((d) => d.name === '黄丽').id;
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Accessibility basics (as in hall.test.mjs): every form control and button/link has an
 * accessible name, one <h1>, aria references resolve, ids are unique, no sideways scrolling,
 * images have alternative text.
 */
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

async function citizen(name) {
  const id = newIdNumber('350102');
  await server.register(name, id, 'e2e-password-1');
  const token = await server.login(id, 'e2e-password-1');
  const me = (await server.api('GET', '/api/v1/me', undefined, token)).body;
  return { id, token, masked: me.masked_name, password: 'e2e-password-1' };
}

/** True when the instant `iso` is `time` (HH:MM) of `day` in Asia/Shanghai. */
function at(iso, day, time) {
  return Date.parse(iso) === Date.parse(`${day}T${time}:00+08:00`);
}

/** The free slots of a department on a day, through the API. */
async function slots(who, dep, day) {
  const r = await server.api('GET', `/api/v1/hospital-departments/${dep}/slots?day=${day}`, undefined, who.token);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function bookAt(who, dep, day, time, doctor) {
  const s = await slots(who, dep, day);
  const slot = s.slots.find((x) => at(x.start, day, time) && (!doctor || x.doctor_id === doctor));
  assert.ok(slot, `no ${time} slot on ${day}: ${JSON.stringify(s.slots.map((x) => x.start))}`);
  const r = await server.api('POST', '/api/v1/appointments', { slot_id: slot.id }, who.token);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

test('(a) a citizen finds a doctor, books a slot tomorrow, sees it with the check-in QR and cancels it', async () => {
  const a = await citizen('陈·预约');
  const page = await newPage(browser, server.base, { width: 390, height: 844 });
  await uiLogin(page, a.id, a.password, '/hospital');
  await page.getByRole('heading', { name: '预约挂号', level: 1 }).waitFor();
  await a11y(page, 'hospitals');
  await page.getByRole('link', { name: '福建省立医院' }).click();
  await page.getByRole('heading', { name: '福建省立医院', level: 1 }).waitFor();
  await page.locator('li.hosp-department').first().waitFor();
  assert.equal(await page.locator('li.hosp-department[data-kind=fever]').count(), 1);
  // Find a doctor by name: only 内科 stays.
  await page.getByLabel('查找科室或医生').fill('黄丽');
  await page.locator('li.hosp-department').filter({ hasText: '儿科' }).waitFor({ state: 'detached' });
  assert.equal(await page.locator('li.hosp-department').count(), 1);
  await a11y(page, 'departments');
  await shot(page, 'hospital-01-departments');
  await page.getByRole('link', { name: /黄丽/ }).click();
  await page.waitForURL(/\/hospital\/book\?/);
  await page.getByRole('heading', { name: '内科', level: 1 }).waitFor();

  // The day picker: 14 days from the server's today; choose tomorrow.
  const days = page.locator('button.hosp-day');
  await page.locator(`button.hosp-day[data-day="${today}"][aria-pressed=true]`).waitFor();
  assert.equal(await days.count(), 14);
  await page.locator(`button.hosp-day[data-day="${tomorrow}"]`).click();
  await page.locator(`button.hosp-day[data-day="${tomorrow}"][aria-pressed=true]`).waitFor();
  const section = page.locator(`section.hosp-day-slots[data-day="${tomorrow}"]`);
  await section.locator('li.hosp-slot').first().waitFor();
  // Only 黄丽's slots (the doctor chosen from the link).
  assert.equal(await page.getByLabel('医生', { exact: true }).inputValue(), huang);
  const texts = await section.locator('li.hosp-slot').allInnerTexts();
  assert.ok(texts.length > 0 && texts.every((x) => x.includes('黄丽')), texts.join('|'));
  await a11y(page, 'slots');
  await shot(page, 'hospital-02-slots');

  // Hold and let it go: the place is given back at once (a held place of a one-place slot would
  // not be listed as free).
  const slot10 = section.locator('li.hosp-slot').filter({ hasText: '10:00' });
  await slot10.getByRole('button').click();
  const confirm = page.locator('section.hosp-confirm');
  await confirm.getByText('已为您保留该号源至').waitFor();
  await confirm.getByRole('button', { name: '不约了' }).click();
  await confirm.waitFor({ state: 'detached' });
  const free = await slots(a, internal, tomorrow);
  assert.ok(free.slots.some((x) => x.doctor_id === huang && at(x.start, tomorrow, '10:00')), 'the released place is free');
  await slot10.getByRole('button', { disabled: false }).waitFor();
  // Hold again, then confirm.
  await slot10.getByRole('button').click();
  await confirm.getByText('已为您保留该号源至').waitFor();
  assert.match(await confirm.innerText(), /黄丽/);
  await a11y(page, 'confirm');
  await confirm.getByRole('button', { name: '确认预约' }).click();
  await page.getByText(/预约成功/).waitFor();
  await page.getByRole('link', { name: '查看我的预约' }).click();

  // My appointments: the card with its QR image, status and the cancel deadline (08:00 tomorrow).
  await page.getByRole('heading', { name: '我的预约', level: 1 }).waitFor();
  const card = page.locator('li.hosp-appointment[data-status=booked]');
  await card.waitFor();
  // Names come from the hospital's directory, loaded after the list: wait for them.
  await card.getByText('福建省立医院 · 内科').waitFor();
  await card.getByText('黄丽 · 副主任医师').waitFor();
  const text = await card.innerText();
  assert.match(text, /已预约/);
  assert.match(text, /10:00–10:20/);
  assert.match(text, /可在 .*08:00 前取消/);
  await page.waitForFunction(() => {
    const img = document.querySelector('li.hosp-appointment img.hosp-qr-img');
    return img && img.complete && img.naturalWidth > 0;
  });
  const id = await card.getAttribute('data-id');
  await card.getByText('二维码内容').click();
  await card.getByText(`OWAPPT1:${id}`).waitFor();
  const png = await page.request.get(`/api/v1/me/appointments/${id}/check-in.png`);
  assert.equal(png.status(), 200);
  assert.equal(png.headers()['content-type'], 'image/png');
  await a11y(page, 'my appointments');
  await shot(page, 'hospital-03-mine');

  page.once('dialog', (d) => d.accept());
  await card.getByRole('button', { name: '取消预约' }).click();
  await page.getByText('预约已取消，号源已释放。').waitFor();
  const row = page.locator(`table.hosp-past tr[data-id="${id}"][data-status=cancelled]`);
  await row.waitFor();
  assert.match(await row.innerText(), /已取消/);
  assert.equal(await page.locator('li.hosp-appointment').count(), 0);
  // The place is free again.
  const again = await slots(a, internal, tomorrow);
  assert.ok(again.slots.some((x) => x.doctor_id === huang && at(x.start, tomorrow, '10:00')));
  await page.close();
});

test('(b) a person with a yellow code is sent to the fever clinic and offered its slots', async () => {
  const b = await citizen('黄·发热');
  const d = await server.api('POST', '/api/v1/me/declarations', { residence_region: '350102', temperature: 38.6, symptoms: ['fever'], travel: [], contact_with_case: false, consent: true }, b.token);
  assert.equal(d.status, 201, JSON.stringify(d.body));
  // The colour follows the declaration (waited for, should it be computed after the answer).
  let code;
  for (const until = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 200))) {
    code = await server.api('GET', '/api/v1/me/health-code', undefined, b.token);
    if (code.body.colour !== 'green' || Date.now() > until) break;
  }
  assert.notEqual(code.body.colour, 'green', JSON.stringify(code.body));

  const page = await newPage(browser, server.base, { width: 390, height: 844 });
  await uiLogin(page, b.id, b.password, `/hospital/book?h=${hospital.id}&d=${internal}`);
  const refused = page.locator('section.hosp-refused[data-code=fever_clinic_required]');
  await refused.waitFor();
  await refused.getByRole('heading', { name: '请前往发热门诊' }).waitFor();
  assert.match(await refused.innerText(), /健康码为红码或黄码，请前往发热门诊就诊/);
  await refused.getByRole('link', { name: '发热门诊' }).waitFor();
  await refused.locator('li.hosp-slot').first().waitFor();
  // No ordinary slot is offered.
  assert.equal(await page.locator('section.hosp-day-slots').count(), 0);
  await a11y(page, 'fever clinic refusal');
  await shot(page, 'hospital-04-fever-clinic');

  // Book the fever clinic's 08:30 slot from the offer.
  await refused.locator('li.hosp-slot').filter({ hasText: '08:30' }).getByRole('button').click();
  await page.locator('section.hosp-confirm').getByRole('button', { name: '确认预约' }).click();
  await page.getByText(/预约成功/).waitFor();
  const mine = await server.api('GET', '/api/v1/me/appointments', undefined, b.token);
  assert.equal(mine.body.appointments.length, 1);
  assert.equal(mine.body.appointments[0].department_id, fever);
  // Its cancellation closed at 06:30, before now (07:00): said in words, no cancel button.
  await page.getByRole('link', { name: '查看我的预约' }).click();
  const card = page.locator('li.hosp-appointment[data-status=booked]');
  await card.getByText('福建省立医院 · 发热门诊').waitFor();
  await card.getByText(/已过取消截止时间（.*06:30，就诊前 2 小时）/).waitFor();
  assert.equal(await card.getByRole('button', { name: '取消预约' }).count(), 0);
  // The ordinary clinic stays refused through the API too.
  const s = await slots(b, internal, today);
  const r = await server.api('POST', '/api/v1/appointments', { slot_id: s.slots[0].id }, b.token);
  assert.equal(r.status, 403);
  assert.equal(r.body.errors[0].code, 'fever_clinic_required');
  await page.close();
});

test("(c) the hospital administrator marks today's attendance, sees the no-show, and adds a schedule", async () => {
  const c1 = await citizen('林·就诊');
  const c2 = await citizen('郑·爽约');
  const b1 = await bookAt(c1, internal, today, '09:00', huang);
  const b2 = await bookAt(c2, internal, today, '09:20', huang);

  const page = await newPage(browser, server.base, { width: 1280, height: 900 });
  await uiLogin(page, HOSPITAL_ADMIN.id, HOSPITAL_ADMIN.password, '/hospital/admin/today');
  await page.getByRole('heading', { name: '今日就诊', level: 1 }).waitFor();
  const r1 = page.locator(`table.hosp-day-list tr[data-id="${b1.id}"]`);
  const r2 = page.locator(`table.hosp-day-list tr[data-id="${b2.id}"]`);
  await r1.waitFor();
  await r2.waitFor();
  // Masked patients: the masked name and ID, never the ID itself.
  const t1 = await r1.innerText();
  assert.ok(t1.includes(c1.masked), t1);
  assert.ok(!t1.includes(c1.id), t1);
  assert.match(t1, /3501\S*\*{4,}\S*/);
  assert.match(t1, /09:00–09:20/);
  await a11y(page, "today's list");
  await shot(page, 'hospital-05-today');

  await r1.getByRole('button', { name: /^已到诊/ }).click();
  await page.locator(`table.hosp-day-list tr[data-id="${b1.id}"][data-status=arrived]`).waitFor();
  await r1.getByRole('button', { name: /^就诊完成/ }).click();
  await page.locator(`table.hosp-day-list tr[data-id="${b1.id}"][data-status=fulfilled]`).waitFor();
  assert.match(await r1.innerText(), /已就诊/);
  await r2.getByRole('button', { name: /^爽约/ }).click();
  await page.locator(`table.hosp-day-list tr[data-id="${b2.id}"][data-status=noshow]`).waitFor();
  const mine = await server.api('GET', '/api/v1/me/appointments', undefined, c2.token);
  assert.equal(mine.body.appointments[0].status, 'noshow');

  // No-shows.
  await page.getByRole('link', { name: '爽约记录' }).click();
  await page.getByRole('heading', { name: '爽约记录', level: 1 }).waitFor();
  const ns = page.locator(`table.hosp-noshows tr[data-id="${b2.id}"]`);
  await ns.waitFor();
  assert.ok((await ns.innerText()).includes(c2.masked));
  assert.equal(await page.locator(`table.hosp-noshows tr[data-id="${b1.id}"]`).count(), 0);
  await a11y(page, 'no-shows');

  // Schedules: the demo's four, then a new evening clinic for 儿科 on weekends.
  await page.getByRole('link', { name: '排班管理' }).click();
  await page.getByRole('heading', { name: '排班管理', level: 1 }).waitFor();
  const rows = page.locator('table.hosp-schedules tbody tr');
  await rows.nth(3).waitFor();
  const before = await rows.count();
  await a11y(page, 'schedules');
  await page.getByLabel('科室', { exact: true }).selectOption({ label: '儿科' });
  await page.getByLabel('医生（不选则为科室普通号）').selectOption({ label: '吴芳 · 主治医师' });
  for (const d of ['周一', '周二', '周三', '周四', '周五']) await page.getByLabel(d, { exact: true }).uncheck();
  for (const d of ['周六', '周日']) await page.getByLabel(d, { exact: true }).check();
  await page.getByLabel('开始时间').fill('18:00');
  await page.getByLabel('结束时间').fill('20:00');
  await page.getByLabel('每个时段（分钟）').fill('30');
  await page.getByRole('button', { name: '创建排班' }).click();
  await page.getByText(/排班已创建，号源已开放至 \d{4}-\d{2}-\d{2}/).waitFor();
  await page.locator('table.hosp-schedules tbody tr').nth(before).waitFor();
  const added = page.locator('table.hosp-schedules tbody tr').filter({ hasText: '周六、周日 18:00–20:00' });
  await added.waitFor();
  assert.match(await added.innerText(), /吴芳/);
  await shot(page, 'hospital-06-schedules');
  // A citizen is not let in.
  const other = await newPage(browser, server.base);
  await uiLogin(other, c1.id, c1.password, '/hospital/admin/today');
  await other.getByRole('heading', { name: '403', level: 1 }).waitFor();
  assert.equal(await other.locator('table.hosp-day-list').count(), 0);
  await other.close();
  await page.close();
});
