/** Browser test: the search box narrows results as the agent types. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../../domain/common/database.js';
import type { AccountStatus } from '../../domain/common/enums.js';
import { collectPageErrors, launchBrowser, markPage, signInAs, type TestBrowser } from '../support/browser.js';
import { createUser, startTestServer, type TestServer } from '../support/app-server.js';

let server: TestServer;
let browser: TestBrowser;
let agent: { email: string; password: string };

async function insertAccount(number: string, first: string, last: string, status: AccountStatus = 'active') {
  await db(server.db.orm.em).insertInto('account').values({
    account_number: number, first_name: first, last_name: last, service_address: '1 Main St', customer_since: '2020-01-01', status,
    version: 1, created_at: sql<Date>`now()`, updated_at: sql<Date>`now()`,
  }).execute();
}

test.before(async () => {
  server = await startTestServer('browser_search');
  browser = await launchBrowser();
  agent = await createUser(server.db, 'agent');
  await insertAccount('WU-10001', 'John', 'Doe');
  await insertAccount('WU-10002', 'José', 'Pérez', 'pending');
  for (let i = 1; i <= 30; i++) await insertAccount(`WU-3${String(i).padStart(4, '0')}`, `Person${i}`, 'Pager');
});
test.after(async () => {
  await browser.close();
  await server.close();
});

test('typing searches live, the URL follows the query, page links and filters swap without a reload', async () => {
  const page = await browser.newPage();
  const errors = collectPageErrors(page);
  await signInAs(page, server.baseUrl, agent.email, agent.password);
  assert.match(await page.textContent('main') ?? '', 'Total accounts');
  await page.goto(`${server.baseUrl}/accounts`);
  const stillSamePage = await markPage(page);

  await page.fill('#search-q', 'jose');
  await page.waitForURL((url) => url.searchParams.get('q') === 'jose');
  await page.waitForSelector('#search-results a[href="/accounts/WU-10002"]');
  assert.match(await page.textContent('#search-results') ?? '', 'José Pérez');
  assert.match(await page.textContent('#search-results') ?? '', 'Pending');

  await page.fill('#search-q', 'pager');
  await page.waitForSelector('#search-results .pagination');
  await page.click('#search-results .pagination a[rel=next]');
  await page.waitForURL((url) => url.searchParams.get('page') === '2');
  await page.waitForSelector('#search-results a[href="/accounts/WU-30026"]');

  await page.selectOption('select[name=status]', 'pending');
  await page.fill('#search-q', '');
  await page.waitForURL((url) => url.searchParams.get('status') === 'pending' && !url.searchParams.has('q'));
  await page.waitForSelector('#search-results a[href="/accounts/WU-10002"]');
  assert.not.ok(await page.$('#search-results a[href="/accounts/WU-10001"]'));

  assert.ok(await stillSamePage(), 'the page was reloaded');
  assert.equal(errors, []);
});

test('a pushed URL opened directly shows the same results as a full page', async () => {
  const page = await browser.newPage();
  await signInAs(page, server.baseUrl, agent.email, agent.password);
  await page.goto(`${server.baseUrl}/accounts?q=doe+john`);
  assert.is(await page.inputValue('#search-q'), 'doe john');
  assert.ok(await page.$('#search-results a[href="/accounts/WU-10001"]'));
});

test.run();
