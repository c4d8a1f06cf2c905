/**
 * The portal from end to end, in a browser at a phone's size (390 × 844): register, open the
 * confirmation link e-mailed (caught by the test's SMTP server), confirm, sign in, see the balance,
 * submit a reading, request a repair — and, as a dispatcher, see that order on the board.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../../domain/common/database.js';
import { launchBrowser, signInAs, type TestBrowser } from '../support/browser.js';
import { createUser, type TestServer } from '../support/app-server.js';
import { sinkChannels, startTestJobsWorker, testRedisPrefix, waitFor, type TestJobsWorker } from '../support/jobs-worker.js';
import { insertMinimalAccount } from '../support/minimal-account.js';
import { startSmsSink, startSmtpSink, type SmsSink, type SmtpSink } from '../support/notification-sinks.js';
import { insertRow } from '../support/rows.js';
import { startServerWithWorker, type ServerWithWorker } from '../support/server-with-worker.js';

let server: TestServer;
let app: ServerWithWorker;
let jobs: TestJobsWorker;
let smtp: SmtpSink;
let sms: SmsSink;
let browser: TestBrowser;

test.before(async () => {
  const prefix = testRedisPrefix('portal-acceptance');
  app = await startServerWithWorker('portal_acceptance', { REDIS_PREFIX: prefix });
  ({ server } = app);
  [smtp, sms] = await Promise.all([startSmtpSink(), startSmsSink()]);
  jobs = await startTestJobsWorker(server.db.orm, { prefix, channels: sinkChannels(smtp, sms), queues: ['notifications'] });
  browser = await launchBrowser();
});
test.after(async () => {
  await browser.close();
  await jobs.stop();
  await Promise.all([smtp.close(), sms.close()]);
  await app.close();
});

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

test('register → confirm by e-mail → sign in → balance → reading → repair request → on the dispatcher board', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const q = db(server.db.orm.em);
  await q.updateTable('account').set({ last_name: 'Rivera', email: null }).where('id', '=', account.id).execute();
  await insertRow(q, 'bill', {
    account_id: account.id, period_start: '2026-09-01', period_end: '2026-09-30', issued_at: '2026-10-01', due_date: '2099-10-20',
    amount_cents: 4_250, usage: 3_100, created_at: sql<Date>`now()`,
  });
  const email = `rivera-${randomBytes(3).toString('hex')}@example.com`;
  const password = 'a long enough password';

  const context = await browser.browser.newContext(PHONE);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto(`${server.baseUrl}/my/register`);
  await page.fill('#f-accountNumber', account.accountNumber);
  await page.fill('#f-lastName', 'Rivera');
  await page.fill('#f-latestBillAmount', '42.50');
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await page.click('form[action="/my/register"] button[type=submit]');
  await page.waitForLoadState();

  const mail = await waitFor(() => smtp.received.find((m) => m.to.includes(email)), 'the confirmation e-mail', 20_000);
  const link = mail.body.match(/\/my\/confirm\?token=[^\s"<>]+/)?.[0];
  assert.ok(link, `a confirmation link in: ${mail.body}`);
  await page.goto(`${server.baseUrl}${link}`);
  await Promise.all([page.waitForLoadState(), page.click('form[action="/my/confirm"] button[type=submit]')]);

  await signInAs(page, server.baseUrl, email, password);
  await page.goto(`${server.baseUrl}/my`);
  assert.match(await page.locator('.balance').innerText(), '$42.50');

  await page.goto(`${server.baseUrl}/my/usage`);
  await page.fill('#f-value', '12345');
  await page.click('#reading-form button[type=submit]');
  await page.locator('.notice').waitFor();
  assert.match(await page.locator('.notice').innerText(), 'reading is in');
  const reading = await q.selectFrom('reading').select(['value', 'source']).where('account_id', '=', account.id).executeTakeFirstOrThrow();
  assert.equal(reading, { value: 12345, source: 'customer' });

  await page.goto(`${server.baseUrl}/my/service-orders`);
  await page.selectOption('#f-type', 'repair');
  await page.fill('#f-description', 'The curb stop leaks');
  await page.click('#request-form button[type=submit]');
  await page.waitForURL(/\/my\/service-orders\/SO-\d+/);
  const orderNumber = new URL(page.url()).pathname.split('/').pop()!;
  assert.match(await page.locator('[data-status]').innerText(), 'Received');
  assert.equal(errors, [], 'no script errors');
  await page.screenshot({ path: 'test-results/portal-order-390.png', fullPage: true }).catch(() => undefined);
  await context.close();

  const dispatcher = await createUser(server.db, 'dispatcher');
  const staff = await browser.browser.newContext();
  const board = await staff.newPage();
  await signInAs(board, server.baseUrl, dispatcher.email, dispatcher.password);
  await board.goto(`${server.baseUrl}/service-orders`);
  const card = board.locator(`[data-column="created"] [data-order="${orderNumber}"]`);
  await card.waitFor();
  assert.match(await card.innerText(), 'The curb stop leaks');
  await staff.close();
});

test.run();
