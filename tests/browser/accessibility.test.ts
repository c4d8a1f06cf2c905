/**
 * Every page passes axe-core's WCAG 2.1 A and AA rules (docs/architecture.md#accessibility).
 *
 * The pages come from crawling same-origin links from the dashboard as each staff role,
 * plus the pages no link reaches (sign-in, password reset, error pages, forms) and the states
 * that show more (inline form errors, a profile full of alerts, the board with an order in every
 * status, opened panels). The last tests assert that every GET page route of the app's router
 * was visited or sits on the commented skip list below, so a page added later is checked or
 * named, and that no page had a violation (each printed with its rule, element and summary).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BrowserContext, Page } from 'playwright-core';
import { createApp } from '../../api/app.js';
import { resetTokenFor, sendPasswordReset } from '../../domain/auth/password-reset.js';
import { db } from '../../domain/common/database.js';
import { PROFILE_TABS } from '../../views/profile/tabs.view.js';
import { BOARD_COLUMNS } from '../../views/service-orders/board.view.js';
import { seedDatabase } from '../../scripts/seed/seed-database.js';
import { insertAccountFixture, type AccountFixture } from '../support/account-fixture.js';
import { startTestServer, type TestServer } from '../support/app-server.js';
import { axeFindings, countByRule, describeFindings, type AxeFinding } from '../support/axe.js';
import { launchBrowser, signInAs, type TestBrowser } from '../support/browser.js';
import { pageRoutes, routeOf } from '../support/page-routes.js';
import { insertRow } from '../support/rows.js';

/**
 * Page routes this test does not open, each with the reason. Anything else the router serves
 * as a GET page must be visited, or the coverage test below names it.
 */
const SKIPPED: Record<string, string> = {
  // htmx fragments, checked inside the page that loads them (see "opened panels" below).
  '/admin/notifications/:id{[0-9]+}/row': 'a table row swapped into /admin/notifications',
  '/accounts/:accountNumber/notes/:id/history': 'a list opened inside the Notes tab',
  '/accounts/:accountNumber/documents/:id/versions': 'a list opened inside the Documents tab',
  '/accounts/:accountNumber/timeline/more': 'the Timeline tab\'s next entries, swapped into the tab',
  // Not a page: the image a consumer attached to a problem report.
  '/my/problems/:id{[0-9]+}/photo': 'an image file, not a page',
  // The Swagger UI viewer is a third-party bundle; tests/browser/csp-pages.test.ts covers it.
  '/api/docs': 'third-party API viewer (swagger-ui), not a back-office page',
};

/** The demo logins, the consumer (John Doe, WU-10001, in the portal) among them. */
const DEMO_USERS = { agent: 'agent@example.com', dispatcher: 'dispatcher@example.com', admin: 'admin@example.com', consumer: 'john.doe@example.com' } as const;
type StaffRole = keyof typeof DEMO_USERS;
/** Where each role's crawl starts: the dashboard, or the consumer's own home page. */
const HOME: Record<StaffRole, string> = { agent: '/', dispatcher: '/', admin: '/', consumer: '/my' };

let server: TestServer;
let browser: TestBrowser;
let routes: string[];
let password: string;
let alerting: AccountFixture;
const contexts = new Map<StaffRole | 'signed out', { context: BrowserContext; page: Page }>();
const findings = new Map<string, AxeFinding[]>();
const visitedRoutes = new Set<string>();
const serverErrors: string[] = [];

test.before(async () => {
  server = await startTestServer('browser_a11y');
  await seedDatabase({ databaseUrl: server.db.url, accounts: 40, log: () => undefined });
  password = server.deps.config.DEMO_PASSWORD;
  routes = pageRoutes(createApp(server.deps));
  alerting = await insertAccountFixture(server.db.orm, { status: 'collection', staleComplaint: true, openFlag: 'tampering', vipPinned: true, vipPinReason: 'Hospital' });
  await insertOpenOrders(alerting);
  browser = await launchBrowser();
});
test.after(async () => {
  for (const { context } of contexts.values()) await context.close();
  await browser.close();
  await server.close();
});

/** Orders in the open statuses the fixture lacks, one urgent and past its SLA, so every board column and badge shows. */
async function insertOpenOrders(account: AccountFixture) {
  const sql = db(server.db.orm.em.fork());
  const technician = await insertRow(sql, 'technician', { name: 'Quinn Keys', skills: ['repair', 'inspection', 'meter_reading'], active: true, created_at: new Date() });
  const open = [
    { suffix: '91', status: 'created', priority: 'emergency', overdue: true, attention: 'The workflow did not answer; try again.' },
    { suffix: '92', status: 'assigned', priority: 'high', overdue: false, attention: null },
    { suffix: '93', status: 'in_progress', priority: 'low', overdue: false, attention: null },
  ] as const;
  for (const order of open) {
    const orderNumber = `SO-${account.id}${order.suffix}`;
    await insertRow(sql, 'service_order', {
      order_number: orderNumber, account_id: account.id, workflow_id: `service-order-${orderNumber}`, type: order.status === 'in_progress' ? 'meter_reading' : 'repair',
      description: `A ${order.status} order`, status: order.status, priority: order.priority, overdue: order.overdue, attention: order.attention,
      technician_id: order.status === 'created' ? null : technician, workflow_state: 'running',
      sla_due_at: new Date(Date.now() + (order.overdue ? -1 : 1) * 86_400_000), created_at: new Date(), updated_at: new Date(),
    });
  }
}

/** One browser context per role, signed in once and reused by every test. */
async function pageAs(role: StaffRole | 'signed out'): Promise<Page> {
  const existing = contexts.get(role);
  if (existing) return existing.page;
  const context = await browser.browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  if (role !== 'signed out') await signInAs(page, server.baseUrl, DEMO_USERS[role], password);
  contexts.set(role, { context, page });
  return page;
}

/** Runs axe on the page as it is now and records which route it is. */
async function check(page: Page, label: string): Promise<void> {
  await page.waitForLoadState('load');
  findings.set(label, await axeFindings(page));
  const route = await routeOf(new URL(page.url()).pathname, routes);
  if (route) visitedRoutes.add(route);
}

async function open(page: Page, path: string, label: string, expectedStatus = 200): Promise<void> {
  const response = await page.goto(`${server.baseUrl}${path}`);
  const status = response?.status() ?? 0;
  if (status >= 500 || status !== expectedStatus) serverErrors.push(`${label}: GET ${path} answered ${status}`);
  await check(page, label);
}

/** Pages of the same shape (the same path with digits blanked, the same query names) are checked once per role. */
function shapeOf(url: URL): string {
  const names = [...new Set(url.searchParams.keys())].sort().join('&');
  return `${url.pathname.replace(/\d+/g, '#')}?${names}`;
}

/** Follows every same-origin link to a page route, breadth first, from the dashboard. */
async function crawl(role: StaffRole): Promise<void> {
  const page = await pageAs(role);
  const queue = [HOME[role]];
  const shapes = new Set([shapeOf(new URL(HOME[role], server.baseUrl))]);
  while (queue.length) {
    const path = queue.shift()!;
    await open(page, path, `${role} ${path}`);
    const hrefs = await page.$$eval('a[href]:not([download])', (links) => links.map((a) => a.getAttribute('href') ?? ''));
    for (const href of hrefs) {
      const url = new URL(href, page.url());
      url.hash = '';
      if (url.origin !== server.baseUrl || shapes.has(shapeOf(url))) continue;
      if (!(await routeOf(url.pathname, routes))) continue;
      shapes.add(shapeOf(url));
      queue.push(url.pathname + url.search);
    }
  }
}

for (const role of Object.keys(DEMO_USERS) as StaffRole[]) {
  test(`crawl: every page a ${role} reaches by links`, async () => {
    await crawl(role);
  });
}

test('signed out: sign-in (empty and refused), password reset (and its inline errors), not found', async () => {
  const page = await pageAs('signed out');
  await open(page, '/login', 'signed out /login');
  await page.fill('#email', 'agent@example.com');
  await page.fill('#password', 'not the password');
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
  await check(page, 'signed out /login refused');

  const admin = await db(server.db.orm.em.fork()).selectFrom('app_user').select('id').where('email', '=', DEMO_USERS.admin).executeTakeFirstOrThrow();
  await sendPasswordReset(server.db.orm.em.fork(), admin.id, { userId: admin.id, name: 'Ada Admin' }, { secret: server.deps.config.SESSION_SECRET, ttlMinutes: 30 });
  const reset = await db(server.db.orm.em.fork()).selectFrom('password_reset').select('nonce').where('user_id', '=', admin.id)
    .orderBy('id', 'desc').executeTakeFirstOrThrow();
  const resetPath = `/reset-password/${resetTokenFor(server.deps.config.SESSION_SECRET, reset.nonce)}`;
  await open(page, resetPath, 'signed out reset password');
  const fields = page.locator('input[type=password]');
  await fields.nth(0).fill('short');
  if (await fields.count() > 1) await fields.nth(1).fill('different');
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
  await check(page, 'signed out reset password refused');
  await open(page, '/no-such-page', 'signed out not found', 404);

  await open(page, '/my/register', 'signed out portal registration');
  await page.click('#main button[type=submit], form button[type=submit]');
  await page.locator('.field-error').first().waitFor();
  await check(page, 'signed out portal registration with inline errors');
  await open(page, '/my/confirm?token=not-a-real-token', 'signed out portal confirmation, unusable link', 404);
});

test('signed in: not found, forbidden, and the new-account form with its inline errors', async () => {
  const agent = await pageAs('agent');
  await open(agent, '/accounts/WU-99999', 'agent unknown account', 404);
  await open(agent, '/admin/users', 'agent forbidden page', 403);
  await open(agent, '/accounts/new', 'agent new account');
  await agent.click('#new-account-form button[type=submit]');
  await agent.locator('#new-account-form .field-error').first().waitFor();
  await check(agent, 'agent new account with inline errors');
});

test('a profile full of alerts (collection, stale complaint, tampering flag, VIP pin), on every tab, as admin', async () => {
  const admin = await pageAs('admin');
  for (const tab of PROFILE_TABS) {
    await open(admin, `/accounts/${alerting.accountNumber}/${tab}`, `admin profile with alerts, ${tab} tab`);
  }
  assert.ok(await admin.locator('.profile-alert').count() > 0, 'the profile shows alerts');
  // Opened panels: a note's history and a document's versions load as htmx fragments.
  await open(admin, `/accounts/${alerting.accountNumber}/notes`, 'admin notes tab');
  for (const summary of await admin.locator('details > summary').all()) await summary.click();
  await admin.waitForLoadState('networkidle');
  await check(admin, 'admin notes tab with every panel open');
  await open(admin, `/accounts/${alerting.accountNumber}/documents`, 'admin documents tab');
  for (const summary of await admin.locator('details > summary').all()) await summary.click();
  await admin.waitForLoadState('networkidle');
  await check(admin, 'admin documents tab with every panel open');
});

test('the board with an order in every open status, and its new-order panel open', async () => {
  const dispatcher = await pageAs('dispatcher');
  await open(dispatcher, '/service-orders', 'dispatcher board');
  for (const status of BOARD_COLUMNS) {
    assert.ok(await dispatcher.locator(`[data-column="${status}"] .order-card`).count() > 0, `an order in ${status}`);
  }
  await dispatcher.click('details.new-order summary');
  await check(dispatcher, 'dispatcher board with the new-order panel open');
  const closed = await dispatcher.locator('[data-column="closed"] a').first().getAttribute('href');
  if (closed) await open(dispatcher, closed, 'dispatcher closed order');
});

test('the portal: a service request refused inline, then sent and its own page', async () => {
  const consumer = await pageAs('consumer');
  await open(consumer, '/my/service-orders', 'consumer service');
  await consumer.click('#request-form button[type=submit]');
  await consumer.locator('#request-form .field-error').first().waitFor();
  await check(consumer, 'consumer service request with inline errors');
  await consumer.selectOption('#f-type', 'repair');
  await consumer.fill('#request-form textarea', 'The meter box lid is broken.');
  await consumer.click('#request-form button[type=submit]');
  await consumer.waitForURL(/\/my\/service-orders\/SO-\d+/);
  await check(consumer, 'consumer service order page');
});

test('every GET page route was checked, or is on the skip list with its reason', () => {
  const missing = routes.filter((route) => !visitedRoutes.has(route) && !(route in SKIPPED));
  assert.equal(missing, [], `page routes no test opened (open them above or add them to SKIPPED with a reason): ${missing.join(', ')}`);
  const stale = Object.keys(SKIPPED).filter((route) => !routes.includes(route));
  assert.equal(stale, [], `SKIPPED names routes the app no longer has: ${stale.join(', ')}`);
});

test('no page answered with an unexpected status', () => {
  assert.equal(serverErrors, []);
});

test('no page has a WCAG 2.1 A or AA violation', () => {
  const all = [...findings.values()].flat();
  console.log(`axe: ${findings.size} page states checked, ${all.length} findings`, JSON.stringify(countByRule(all)));
  assert.ok(findings.size > 30, `only ${findings.size} page states checked`);
  assert.equal(all.length, 0, `accessibility violations:\n${describeFindings(findings)}`);
});

test.run();
