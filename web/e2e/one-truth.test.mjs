// One truth for every message (issue 24): after an abnormal check-in the code page, the
// check-in screen and the inbox agree — today's check-in is done (no button offering it again),
// and what the colour asks is worded once, from the server's table (GET /api/v1/texts), in
// either language. Times on the code page are Beijing time and say so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newIdNumber, newPage, shot, startServer, uiLogin } from './harness.mjs';

let server;
let citizen;
let texts;

before(async () => {
  server = await startServer();
  citizen = { id: newIdNumber('350102'), password: 'e2e-truth-pass' };
  await server.register('一致居民', citizen.id, citizen.password);
  texts = (await server.api('GET', '/api/v1/texts')).body;
  assert.ok(texts.hints.yellow.zh, JSON.stringify(texts));
});
after(async () => {
  await server?.stop();
});

test('after an abnormal check-in the code page, check-in screen and inbox agree', async () => {
  const browser = await launch();
  try {
    const page = await newPage(browser, server.base);
    await uiLogin(page, citizen.id, citizen.password, '/checkin');
    await page.locator('input[name=temperature]').fill('38.4');
    await page.locator('form button[type=submit]').click();
    await page.getByTestId('checkin-result').waitFor();

    await page.goto('/code');
    await page.locator('.code-card[data-colour=yellow]').waitFor();
    assert.equal(await page.locator('.code-hint').innerText(), texts.hints.yellow.zh);
    // The progress card says today is done instead of offering the check-in again.
    await page.getByTestId('checkin-done-today').waitFor();
    assert.equal(await page.locator('.progress-card a', { hasText: '健康打卡' }).count(), 0);
    assert.match(await page.locator('.code-card').innerText(), /北京时间/);
    assert.doesNotMatch(await page.locator('main').innerText(), /UTC/);
    await shot(page, '60-one-truth-code');

    await page.goto('/checkin');
    await page.getByTestId('checkin-done-today').waitFor();
    assert.equal(await page.locator('input[name=temperature]').count(), 0);

    await page.goto('/inbox');
    await page.getByText(texts.hints.yellow.zh, { exact: false }).first().waitFor();

    await page.context().close();

    // The same words in English.
    const en = await newPage(browser, server.base, { lang: 'en' });
    await uiLogin(en, citizen.id, citizen.password, '/code');
    await en.locator('.code-hint', { hasText: texts.hints.yellow.en }).waitFor();
    await en.getByTestId('checkin-done-today').waitFor();
    assert.match(await en.locator('.code-card').innerText(), /Beijing time/);
    await en.context().close();
  } finally {
    await browser.close();
  }
});
