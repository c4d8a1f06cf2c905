/** In a browser 390 px wide (a phone): no /my page scrolls sideways, whatever it lists. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../../domain/common/database.js';
import { launchBrowser, signInAs, type TestBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/app-server.js';
import { createConsumer } from '../support/consumer.js';
import { insertMinimalAccount } from '../support/minimal-account.js';
import { insertRow } from '../support/rows.js';

let server: TestServer;
let browser: TestBrowser;

test.before(async () => {
  server = await startTestServer('portal_phone');
  browser = await launchBrowser();
});
test.after(async () => {
  await browser.close();
  await server.close();
});

/** An account with something on every page: bills, a payment, readings, an order, a problem, a long notification. */
async function busyAccount() {
  const account = await insertMinimalAccount(server.db.orm);
  const q = db(server.db.orm.em);
  const now = sql<Date>`now()`;
  for (let m = 1; m <= 6; m++) {
    const month = String(m).padStart(2, '0');
    const billId = await insertRow(q, 'bill', {
      account_id: account.id, period_start: `2026-${month}-01`, period_end: `2026-${month}-28`, issued_at: `2026-${month}-28`,
      due_date: `2026-${String(m + 1).padStart(2, '0')}-15`, amount_cents: 4_000 + m * 123, usage: 3_000 + m * 10, created_at: now,
    });
    await insertRow(q, 'reading', {
      meter_id: account.meterId, account_id: account.id, read_at: `2026-${month}-27`, value: 10_000 + m * 3_000, consumption: m === 1 ? null : 3_000,
      verification_status: 'verified', flags: [], source: 'manual', meter_replaced: false, created_at: now,
    });
    if (m < 5) {
      await insertRow(q, 'payment', {
        account_id: account.id, paid_at: new Date(`2026-${String(m + 1).padStart(2, '0')}-10T15:00:00Z`), reference: `PHONE-${account.id}-${m}`,
        amount_cents: 4_000 + m * 123, method: 'bank_transfer', status: 'processed', bill_id: billId, created_at: now,
      });
    }
  }
  await insertRow(q, 'communication', {
    account_id: account.id, channel: 'system', direction: 'to_customer', subject: 'A notice with a long unbroken reference ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOP',
    body: 'https://example.com/a/very/long/link/that/does/not/break/anywhere/in/the/middle/of/it/at/all/0123456789', occurred_at: now, created_at: now,
  });
  await insertRow(q, 'complaint', { account_id: account.id, category: 'water quality', description: 'Cloudy water '.repeat(20), status: 'open', opened_at: now });
  return account;
}

/** document.scrollingElement.scrollWidth, run in the page (the test itself has no DOM types). */
const scrollWidth = () => (globalThis as unknown as { document: { scrollingElement: { scrollWidth: number } | null } }).document.scrollingElement?.scrollWidth ?? 0;

test('every /my page fits 390 px: document.scrollingElement.scrollWidth ≤ 390', async () => {
  const account = await busyAccount();
  const consumer = await createConsumer(server, account.id);
  const context = await browser.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await signInAs(page, server.baseUrl, consumer.email, consumer.password);
  await page.goto(`${server.baseUrl}/my/service-orders`);
  await page.selectOption('#f-type', 'repair');
  await page.fill('#f-description', 'Water hammer in the pipes when the washing machine stops');
  await Promise.all([page.waitForURL(/\/my\/service-orders\/SO-\d+/), page.click('#request-form button[type=submit]')]);
  const orderPath = new URL(page.url()).pathname;
  const wide: string[] = [];
  for (const path of ['/my', '/my/bills', '/my/usage', '/my/service-orders', orderPath, '/my/problems', '/my/notifications', '/my/settings', `/my/usage?saved=reading`]) {
    await page.goto(`${server.baseUrl}${path}`);
    const width = await page.evaluate(scrollWidth);
    if (width > 390) wide.push(`${path}: ${width} px`);
  }
  assert.equal(wide, [], 'pages wider than the phone');
  await page.goto(`${server.baseUrl}/my/bills`);
  await page.screenshot({ path: 'test-results/portal-bills-390.png', fullPage: true }).catch(() => undefined);
  await context.close();
});

test.run();
