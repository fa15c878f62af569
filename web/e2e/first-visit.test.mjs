// A newcomer's first visit (issue 24) against `serve --demo`, the data `make run` loads: the demo
// checkpoint account picks one of its places and scans; a citizen whose camera fails is told so
// in plain words and uploads a picture of the place code instead; bad input on the first forms
// (place code, place creation, role grants) is answered next to the form in the reader's
// language, with no server English in the Chinese UI and no "service not enabled" for a
// missing thing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, launch, newIdNumber, newPage, shot, startServer, uiLogin } from './harness.mjs';

let server;
let citizen;
const DEMO_PLACES = ['三坊七巷社区东门', '福州市体育中心', '福建省立医院'];
// What the server writes in its own words (it must never reach the Chinese screen).
const SERVER_ENGLISH = /must |is required|no such|not a place code|not_found|Error\b/;

before(async () => {
  server = await startServer();
  citizen = { id: newIdNumber('350102'), password: 'e2e-citizen-pass' };
  await server.register('首访居民', citizen.id, citizen.password);
  citizen.token = await server.login(citizen.id, citizen.password);
});
after(async () => {
  await server?.stop();
});

test('a gate worker with the demo data picks a place and scans in the first minute', async () => {
  const browser = await launch();
  try {
    const page = await newPage(browser, server.base);
    const started = Date.now();
    await uiLogin(page, DEMO.community.id, DEMO.community.password, '/checkpoint');
    await page.getByRole('heading', { name: '卡口扫码' }).waitFor();
    const select = page.locator('select[name=place]');
    await select.waitFor();
    // A picker of the places the person may scan at, not a typed place id.
    assert.equal(await page.locator('input[name=place_id]').count(), 0);
    const labels = await select.locator('option').allInnerTexts();
    for (const name of DEMO_PLACES) assert.ok(labels.some((l) => l.includes(name)), `${name} in ${labels}`);
    assert.ok(labels.some((l) => l.includes('医院')), `kinds shown: ${labels}`);
    const code = await server.api('GET', '/api/v1/me/health-code', undefined, citizen.token);
    assert.equal(code.status, 200);
    await page.locator('textarea[name=payload]').fill(code.body.payload);
    // Several places: the worker chooses; nothing can be scanned before that.
    assert.equal(await select.inputValue(), '');
    assert.equal(await page.getByRole('button', { name: '核验' }).isDisabled(), true);
    const venue = labels.find((l) => l.includes('福州市体育中心'));
    await select.selectOption({ label: venue });
    await page.getByRole('button', { name: '核验' }).click();
    const verdict = page.locator('[role=alertdialog][data-verdict]');
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-verdict'), 'pass');
    const ms = Date.now() - started;
    assert.ok(ms < 60_000, `first scan after ${ms} ms`);
    await shot(page, '24-first-visit-gate', { fullPage: false });
    await page.keyboard.press('Escape');
    const passes = await server.api('GET', '/api/v1/me/passes', undefined, citizen.token);
    assert.ok(passes.body.passes.length >= 1, 'the scan became a pass record');
    await page.context().close();
  } finally {
    await browser.close();
  }
});

test('the citizen scan page: a failed camera in plain words, and the promised picture upload', async () => {
  const staff = await server.login(DEMO.community.id, DEMO.community.password);
  const places = await server.api('GET', '/api/v1/places', undefined, staff);
  const hospital = places.body.places.find((p) => p.kind === 'hospital');
  assert.ok(hospital, JSON.stringify(places.body));
  const png = await server.api('GET', `/api/v1/places/${hospital.place_id}/code.png`, undefined, staff);
  assert.equal(png.status, 200);
  // No fake camera device: opening the camera fails.
  const browser = await launch();
  try {
    for (const lang of ['zh-CN', 'en']) {
      const page = await newPage(browser, server.base, { lang, permissions: ['camera'] });
      await uiLogin(page, citizen.id, citizen.password, '/visit');
      await page.locator('input[name=qr_image]').waitFor({ state: 'attached' });
      await page.getByRole('button', { name: lang === 'en' ? 'Scan the place code' : '扫描场所码' }).click();
      const error = page.locator('.notice-error, [role=alert]').first();
      await error.waitFor();
      const text = await error.innerText();
      assert.doesNotMatch(text, /Error|DOMException/, text);
      assert.match(text, lang === 'en' ? /upload a picture/i : /上传二维码图片/, text);
      // The upload it promises: the place code's picture records the visit.
      await page.locator('input[name=qr_image]').setInputFiles({ name: 'place.png', mimeType: 'image/png', buffer: png.body });
      await page.getByText(lang === 'en' ? 'Visit recorded' : '登记成功').waitFor({ timeout: 20_000 });
      if (lang === 'zh-CN') await shot(page, '24-first-visit-upload');
      await page.context().close();
    }
  } finally {
    await browser.close();
  }
});

// Submits a form and returns the text of the error notice that then matches `expected`.
async function noticeAfter(page, submit, expected) {
  await submit();
  const notice = page.locator('.notice-error').filter({ hasText: expected }).first();
  await notice.waitFor();
  return notice.innerText();
}

test('bad input on the first forms is explained in Chinese and in English', async () => {
  const browser = await launch();
  const unregistered = newIdNumber('330104');
  try {
    for (const lang of ['zh-CN', 'en']) {
      const zh = lang === 'zh-CN';
      // The citizen types something that is not a place code.
      const page = await newPage(browser, server.base, { lang });
      await uiLogin(page, citizen.id, citizen.password, '/visit');
      await page.locator('textarea[name=place_code]').fill('abc');
      let text = await noticeAfter(page, () => page.locator('form button[type=submit]').last().click(), zh ? /不是场所码/ : /is not a place code/);
      if (zh) {
        assert.match(text, /场所码：不是场所码/, text);
        assert.doesNotMatch(text, SERVER_ENGLISH, text);
      } else assert.match(text, /Place code: is not a place code/, text);
      await page.context().close();

      // A declaration with a residence that is no region and a trip long ago: the server's
      // answers appear next to their fields.
      const declare = await newPage(browser, server.base, { lang });
      await uiLogin(declare, citizen.id, citizen.password, '/declare');
      await declare.locator('input[name=residence_region]').fill('999999');
      await declare.locator('input[name=temperature]').fill('36.5');
      await declare.getByRole('button', { name: zh ? '添加行程' : 'Add a trip' }).click();
      await declare.locator('input[name=travel_0_region]').fill('330104');
      await declare.locator('input[name=travel_0_from]').fill('2020-01-01');
      await declare.locator('input[name=travel_0_to]').fill('2020-01-02');
      await declare.locator('input[name=consent]').check();
      await declare.locator('form button[type=submit]').last().click();
      await declare.getByText(zh ? '应为 6 位行政区划代码' : 'must be a 6-digit region code').first().waitFor();
      await declare.getByText(zh ? '应在最近 14 天内' : 'must be within the last 14 days').first().waitFor();
      if (zh) assert.doesNotMatch(await declare.locator('main').innerText(), SERVER_ENGLISH);
      await declare.context().close();

      // An official creates a place with a blank name and a region that is not one.
      const official = await newPage(browser, server.base, { lang, width: 1280, height: 800 });
      await uiLogin(official, DEMO.official.id, DEMO.official.password, '/official/places');
      await official.locator('input[name=place_name]').fill('   ');
      await official.locator('input[name=region]').fill('12');
      text = await noticeAfter(official, () => official.locator('form button[type=submit]').first().click(), zh ? /行政区划代码/ : /region code/);
      if (zh) {
        assert.match(text, /名称：不能为空/, text);
        assert.match(text, /应为 6 位行政区划代码/, text);
        assert.doesNotMatch(text, SERVER_ENGLISH, text);
      } else assert.match(text, /Region code: must be a 6-digit region code/, text);
      await official.context().close();

      // An administrator grants a role to a resident ID nobody registered, then a bad scope.
      const admin = await newPage(browser, server.base, { lang, width: 1280, height: 800 });
      await uiLogin(admin, DEMO.admin.id, DEMO.admin.password, '/admin/users');
      const form = admin.locator('form').first();
      await form.locator('input').first().fill(unregistered);
      text = await noticeAfter(admin, () => form.locator('button[type=submit]').click(), zh ? /身份证号/ : /Resident ID/);
      if (zh) {
        assert.match(text, /没有以此身份证号注册的用户/, text);
        assert.doesNotMatch(text, /尚未在本平台开通/, text);
        assert.doesNotMatch(text, SERVER_ENGLISH, text);
      } else {
        assert.match(text, /No one is registered with this resident ID/, text);
        assert.doesNotMatch(text, /not available on this installation/, text);
      }
      await form.locator('input').first().fill(DEMO.citizen.id);
      await form.locator('input').nth(1).fill('99');
      text = await noticeAfter(admin, () => form.locator('button[type=submit]').click(), zh ? /不适用于该角色/ : /does not fit this role/);
      if (zh) {
        assert.match(text, /范围：不适用于该角色/, text);
        assert.doesNotMatch(text, SERVER_ENGLISH, text);
      } else assert.match(text, /Scope: does not fit this role/, text);
      if (zh) await shot(admin, '24-grant-error-zh', { fullPage: false });
      await admin.context().close();
    }
  } finally {
    await browser.close();
  }
});
