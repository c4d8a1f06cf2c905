/** Browser test: the demo agent's journey from dashboard to search to every profile tab. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PROFILE_TABS } from '../../views/profile/tabs.view.js';
import { seedDatabase } from '../../scripts/seed/seed-database.js';
import { collectPageErrors, launchBrowser, markPage, signInAs, type TestBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/app-server.js';

let server: TestServer;
let browser: TestBrowser;

test.before(async () => {
  server = await startTestServer('browser_agent');
  await seedDatabase({ databaseUrl: server.db.url, accounts: 60, log: () => undefined });
  browser = await launchBrowser();
});
test.after(async () => {
  await browser.close();
  await server.close();
});

test('the demo agent reads the dashboard, finds John Doe, and walks every tab of his profile', async () => {
  const page = await browser.newPage();
  const errors = collectPageErrors(page);

  await signInAs(page, server.baseUrl, 'agent@example.com', server.deps.config.DEMO_PASSWORD);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  assert.match(await page.textContent('main') ?? '', 'Total accounts');
  assert.match(await page.textContent('main') ?? '', '60');

  await page.getByRole('link', { name: 'Consumers' }).click();
  await page.fill('input[name=q]', 'doe');
  const johnDoe = page.locator('a[href="/accounts/WU-10001"]');
  await johnDoe.waitFor();
  await johnDoe.click();
  await page.getByRole('heading', { name: /John Doe/ }).waitFor();

  const stillSamePage = await markPage(page);
  // The profile opens on Overview; visit every other tab, then come back to it.
  for (const tab of [...PROFILE_TABS.slice(1), PROFILE_TABS[0]]) {
    await page.locator(`[role=tab][href="/accounts/WU-10001/${tab}"]`).click();
    await page.waitForURL((url) => url.pathname.endsWith(`/${tab}`));
    await page.locator(`#tab-panel[data-tab="${tab}"]`).waitFor();
    assert.ok(page.url().endsWith(`/accounts/WU-10001/${tab}`), `the URL follows the tab (${page.url()})`);
  }
  assert.ok(await stillSamePage(), 'tabs load without a page reload');
  await page.goBack(); // to the last tab visited before Overview
  await page.locator(`#tab-panel[data-tab="${PROFILE_TABS[PROFILE_TABS.length - 1]}"]`).waitFor();
  await page.goForward();
  await page.locator('#tab-panel[data-tab="overview"]').waitFor();
  const headerScore = Number(await page.getAttribute('[data-health-score]', 'data-health-score'));
  const points = await page.locator('.health-breakdown [data-points]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-points'))));
  const penalties = await page.locator('.health-breakdown [data-penalty-points]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-penalty-points'))));
  assert.is(points.length, 5, 'five components');
  const computed = Math.min(100, Math.max(0, Math.round(points.reduce((a, b) => a + b, 0)) - penalties.reduce((a, b) => a + b, 0)));
  assert.is(computed, headerScore, 'the breakdown adds up to the header score');
  // An agent opens a service order from the Service tab; it is listed without a reload.
  await page.locator('[role=tab][href="/accounts/WU-10001/service"]').click();
  await page.locator('#tab-panel[data-tab="service"]').waitFor();
  await page.click('details.new-order summary');
  await page.selectOption('#f-type', 'inspection');
  await page.fill('#f-description', 'Customer reports a hissing meter');
  await page.click('#service-order-form button[type=submit]');
  await page.locator('#tab-panel[data-tab="service"] td', { hasText: 'Customer reports a hissing meter' }).first().waitFor();
  assert.ok(await stillSamePage(), 'the order was created without a page reload');
  assert.equal(errors, []);
  await page.screenshot({ path: 'test-results/agent-journey.png', fullPage: true }).catch(() => undefined);
});

test.run();
