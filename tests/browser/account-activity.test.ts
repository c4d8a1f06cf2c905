/** Browser test: an agent records a payment and handles a flagged reading from the profile. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../../domain/common/database.js';
import { collectPageErrors, markPage, signInAs, type TestBrowser } from '../support/browser.js';
import { startBrowserWorld, type BrowserWorld } from '../support/browser-world.js';
import { createUser, type TestServer } from '../support/app-server.js';
import { insertMinimalAccount } from '../support/minimal-account.js';
import { insertRow } from '../support/rows.js';

let world: BrowserWorld;
let server: TestServer;
let browser: TestBrowser;

test.before(async () => {
  world = await startBrowserWorld('browser_activity');
  ({ server, browser } = world);
});
test.after(async () => { await world.close(); });

test('an agent records a payment and enters a flagged reading; each shows up without a page reload', async () => {
  const agent = await createUser(server.db, 'agent');
  const account = await insertMinimalAccount(server.db.orm);
  await insertRow(db(server.db.orm.em), 'reading', {
    meter_id: account.meterId, account_id: account.id, read_at: sql<string>`current_date - 30`, value: 50000, verification_status: 'verified',
    flags: [], source: 'manual', created_at: sql<Date>`now()`,
  });
  const page = await browser.newPage();
  const errors = collectPageErrors(page, { refusalsExpected: true });
  await signInAs(page, server.baseUrl, agent.email, agent.password);
  await page.goto(`${server.baseUrl}/accounts/${account.accountNumber}/financial`);
  const stillSamePage = await markPage(page);

  // A refused payment first: the message sits next to the field, nothing else moves.
  await page.fill('#payment-form input[name=amount]', 'twelve');
  await page.fill('#payment-form input[name=reference]', 'CHK-2041');
  await page.click('#payment-form button[type=submit]');
  await page.locator('#f-amount-error').waitFor();
  await page.fill('#payment-form input[name=amount]', '84.25');
  await page.selectOption('#payment-form select[name=method]', 'check');
  await page.click('#payment-form button[type=submit]');
  await page.locator('tr[data-payment="CHK-2041"]').waitFor();
  assert.is(await page.locator('[data-balance-cents]').first().getAttribute('data-balance-cents'), '-8425', 'the header balance moved');

  await page.click('#tab-connections');
  await page.locator('#reading-form').waitFor();
  await page.fill('#reading-form input[name=value]', '49,000');
  await page.click('#reading-form button[type=submit]');
  const flagged = page.locator('table.readings tr.flagged', { hasText: '49,000' });
  await flagged.waitFor();
  assert.match(await flagged.innerText(), 'Regression');
  await page.locator('.profile-alert', { hasText: /reading/i }).first().waitFor();
  await flagged.locator('button.inspection-order').click();
  await page.locator('#flash', { hasText: 'Inspection order SO-' }).waitFor();

  assert.ok(await stillSamePage(), 'no full page reload happened');
  const query = db(server.db.orm.em);
  const [payment] = await query.selectFrom('payment').select(['amount_cents', 'status']).where('reference', '=', 'CHK-2041').execute();
  assert.equal(payment, { amount_cents: 8425, status: 'processed' });
  const [reading] = await query.selectFrom('reading').select(['verification_status', 'flags'])
    .where('account_id', '=', account.id).where('value', '=', 49000).execute();
  assert.equal(reading, { verification_status: 'pending', flags: ['regression'] });
  assert.equal(errors, [], 'no script errors (the CSP allows our own scripts)');
  await page.screenshot({ path: 'test-results/account-activity.png', fullPage: true }).catch(() => undefined);
});

test.run();
