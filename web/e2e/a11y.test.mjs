// Accessibility (issue 24): axe-core (the engine behind Lighthouse's accessibility audit) runs
// on the main screens of every role against `serve --demo` and finds no serious or critical
// WCAG 2.1 A/AA violation. A failure lists each rule, its impact and the elements it hit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { DEMO, launch, newPage, startServer, uiLogin } from './harness.mjs';

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

const SCREENS = [
  { who: null, paths: ['/login', '/hall', '/notices', '/licences/verify', '/hospital', '/jobs'] },
  { who: DEMO.citizen, paths: ['/', '/code', '/checkin', '/declare', '/passes', '/inbox', '/profile', '/data-uses', '/hall/cases', '/app/jobs/applications', '/app/jobs/employer'] },
  { who: DEMO.community, paths: ['/checkpoint', '/official/tasks'] },
  { who: DEMO.official, paths: ['/official/reviews', '/official/cases', '/official/risk-areas', '/official/stats'], width: 1280 },
  { who: DEMO.admin, paths: ['/admin/users', '/admin/audit', '/admin/rules'], width: 1280 },
];

/** The serious and critical violations on the page, one line each. */
async function serious(page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

for (const s of SCREENS) {
  const role = s.who ? Object.keys(DEMO).find((k) => DEMO[k] === s.who) : 'public';
  test(`${role}: no serious or critical accessibility violations`, async () => {
    const page = await newPage(browser, server.base, { width: s.width ?? 390, height: 844 });
    try {
      if (s.who) await uiLogin(page, s.who.id, s.who.password);
      const found = [];
      for (const path of s.paths) {
        await page.goto(path);
        await page.locator('main h1, h1').first().waitFor();
        // Screens keep polling (unread count, code refresh): give the first data a moment instead
        // of waiting for an idle network that never comes.
        await page.waitForTimeout(700);
        for (const v of await serious(page)) found.push(`${path}: ${v}`);
      }
      assert.deepEqual(found, []);
    } finally {
      await page.context().close();
    }
  });
}
