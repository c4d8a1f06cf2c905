/**
 * In Chromium, for each role: Sign out from every page the role can open (an error page too)
 * ends the session; the old session cookie then gets the sign-in page.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BrowserContext, Cookie, Page } from 'playwright-core';
import type { StaffRole } from '../../domain/common/enums.js';
import { launchBrowser, signInAs, type TestBrowser } from '../support/browser.js';
import { createUser, startTestServer, type TestServer } from '../support/app-server.js';
import { insertMinimalAccount } from '../support/minimal-account.js';

let server: TestServer;
let browser: TestBrowser;
let accountNumber: string;

test.before(async () => {
  server = await startTestServer('browser_sign_out');
  browser = await launchBrowser();
  ({ accountNumber } = await insertMinimalAccount(server.db.orm));
});
test.after(async () => {
  await browser.close();
  await server.close();
});

const AGENT_PAGES = () => ['/', '/accounts', `/accounts/${accountNumber}`, `/accounts/${accountNumber}/financial`, '/accounts/new', '/no-such-page'];
const PAGES: Record<StaffRole, () => string[]> = {
  agent: AGENT_PAGES,
  dispatcher: () => [...AGENT_PAGES(), '/service-orders', '/technicians'],
  admin: () => [...AGENT_PAGES(), '/service-orders', '/admin/audit', '/admin/users', '/admin/settings', '/admin/notifications'],
};

/** Opens a page with the old session cookie in a fresh browser context: where does it end up? */
async function pathWithCookie(sessionCookie: Cookie, path: string): Promise<{ path: string; signInForm: boolean }> {
  const context = await browser.browser.newContext();
  try {
    await context.addCookies([sessionCookie]);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}${path}`);
    return { path: new URL(page.url()).pathname, signInForm: await page.locator('form input#password').isVisible() };
  } finally {
    await context.close();
  }
}

/** Every page's sign-out form carries the session's CSRF token (the one htmx sends too). */
async function assertSignOutFormHasToken(page: Page, path: string) {
  await page.goto(`${server.baseUrl}${path}`);
  const sent = await page.locator('nav form[action="/logout"] input[name="_csrf"]').getAttribute('value');
  const session = await page.locator('meta[name="csrf-token"]').getAttribute('content');
  assert.ok(sent && sent === session, `the sign-out form on ${path} sends ${sent}, the session's token is ${session}`);
}

/** Clicks Sign out where the page is; the answer is a redirect to the sign-in page and the cookie is gone. */
async function signOut(context: BrowserContext, page: Page, label: string): Promise<Cookie> {
  const [sessionCookie] = await context.cookies(server.baseUrl);
  assert.ok(sessionCookie, `${label}: no session cookie`);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/logout') && r.request().method() === 'POST'),
    page.click('nav button:has-text("Sign out")'),
  ]);
  assert.is(response.status(), 303, `${label}: signing out answered ${response.status()}`);
  await page.waitForURL((url) => url.pathname === '/login');
  assert.equal(await context.cookies(server.baseUrl), [], `${label}: the session cookie stayed`);
  return sessionCookie;
}

/** Signs in as the role in a context of its own, opens `path`, signs out there, and tries the old cookie on `protectedPaths`. */
async function signOutFrom(user: { email: string; password: string }, role: StaffRole, path: string, protectedPaths: string[]) {
  const context = await browser.browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signInAs(page, server.baseUrl, user.email, user.password);
    for (const other of PAGES[role]()) await assertSignOutFormHasToken(page, other);
    await page.goto(`${server.baseUrl}${path}`);
    const oldCookie = await signOut(context, page, `${role} on ${path}`);
    for (const after of protectedPaths) {
      const landed = await pathWithCookie(oldCookie, after);
      assert.equal(landed, { path: '/login', signInForm: true }, `${role}: the old cookie opened ${after} after signing out from ${path}`);
    }
  } finally {
    await context.close();
  }
}

test('agent: every page sends the token; Sign out on a profile ends the session', async () => {
  const agent = await createUser(server.db, 'agent');
  await signOutFrom(agent, 'agent', `/accounts/${accountNumber}`, ['/', `/accounts/${accountNumber}`]);
});

test('agent: Sign out on an error page ends the session too', async () => {
  const agent = await createUser(server.db, 'agent', 'agent2@example.com');
  await signOutFrom(agent, 'agent', '/no-such-page', ['/', '/accounts']);
});

test('dispatcher: every page sends the token; Sign out on the board ends the session', async () => {
  const dispatcher = await createUser(server.db, 'dispatcher');
  await signOutFrom(dispatcher, 'dispatcher', '/service-orders', ['/', '/service-orders', '/technicians']);
});

test('admin: every page sends the token; Sign out on the audit log ends the session', async () => {
  const admin = await createUser(server.db, 'admin');
  await signOutFrom(admin, 'admin', '/admin/audit', ['/', '/admin/audit', '/admin/users']);
});

test.run();
