/** In a browser: a dispatcher takes an order from created to completed on the board without a page reload. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../../domain/common/database.js';
import { collectPageErrors, markPage, signInAs, type TestBrowser } from '../support/browser.js';
import { startBrowserWorld, type BrowserWorld } from '../support/browser-world.js';
import { createUser, type TestServer } from '../support/app-server.js';
import { insertMinimalAccount, insertTechnician } from '../support/minimal-account.js';

let world: BrowserWorld;
let server: TestServer;
let browser: TestBrowser;

test.before(async () => {
  world = await startBrowserWorld('browser_board');
  ({ server, browser } = world);
});
test.after(async () => { await world.close(); });

test('a dispatcher takes an order from created to completed on the board, without a page reload', async () => {
  const dispatcher = await createUser(server.db, 'dispatcher');
  const account = await insertMinimalAccount(server.db.orm);
  await insertTechnician(server.db.orm, ['repair']);
  const page = await browser.newPage();
  const errors = collectPageErrors(page);
  await signInAs(page, server.baseUrl, dispatcher.email, dispatcher.password);
  await page.goto(`${server.baseUrl}/service-orders`);
  const stillSamePage = await markPage(page);

  await page.click('details.new-order summary');
  await page.fill('input[name=accountNumber]', account.accountNumber);
  await page.selectOption('select[name=type]', 'repair');
  await page.fill('textarea[name=description]', 'Leak at the curb stop');
  await page.click('form[hx-post="/service-orders"] button[type=submit]');
  const card = page.locator('[data-column="created"] .order-card', { hasText: 'Leak at the curb stop' });
  await card.waitFor();
  const orderNumber = await card.getAttribute('data-order');
  assert.ok(orderNumber);
  const inColumn = (status: string) => page.locator(`[data-column="${status}"] [data-order="${orderNumber}"]`);

  await inColumn('created').locator('form[hx-post$="/assign"] button').click();
  await inColumn('assigned').waitFor();
  const tomorrow = new Date(Date.now() + 86400_000);
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/Chicago', dateStyle: 'short', timeStyle: 'short' }).format(tomorrow).replace(' ', 'T');
  await inColumn('assigned').locator('input[type=datetime-local]').fill(local);
  await inColumn('assigned').locator('form[hx-post$="/schedule"] button').click();
  await inColumn('scheduled').waitFor();
  await inColumn('scheduled').locator('form[hx-post$="/start"] button').click();
  await inColumn('in_progress').waitFor();
  await inColumn('in_progress').locator('input[name=note]').fill('Replaced the washer');
  await inColumn('in_progress').locator('form[hx-post$="/complete"] button').click();
  await page.locator('[data-column="closed"]', { hasText: orderNumber! }).waitFor();

  assert.ok(await stillSamePage(), 'no full page reload happened');
  const [row] = await db(server.db.orm.em).selectFrom('service_order').select('status').where('order_number', '=', orderNumber!).execute();
  assert.is(row.status, 'completed');
  assert.equal(errors, [], 'no script errors (the CSP allows our own scripts)');
  await page.screenshot({ path: 'test-results/dispatcher-board.png', fullPage: true }).catch(() => undefined);
});

test.run();
