/**
 * In a browser, under the app's strict CSP: the public API reference (/api/docs) renders the
 * OpenAPI document, and the admins' queue dashboard (bull-board) renders its queues, with
 * no CSP violation, no console error and no request to another origin.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { launchBrowser, signInAs, type TestBrowser } from '../support/browser.js';
import { jobQueuesOf } from '../../api/common/job-queues.js';
import { createUser, startTestServer, type TestServer } from '../support/app-server.js';
import { testRedisPrefix } from '../support/jobs-worker.js';

let server: TestServer;
let browser: TestBrowser;

test.before(async () => {
  // A Redis prefix of its own: no jobs worker of another test file picks up the job planted below.
  server = await startTestServer('browser_csp', {}, { REDIS_PREFIX: testRedisPrefix('browser-csp') });
  browser = await launchBrowser();
});
test.after(async () => {
  await browser.close();
  await server.close();
});

/** Runs in the page before its own scripts (Playwright injects it past the CSP): keeps every violation event. */
const RECORD_VIOLATIONS = `
  globalThis.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    globalThis.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber));
`;

interface Watched { page: Page; problems: string[]; violations: () => Promise<string[]> }

/** A page that records console errors, page errors, requests to other origins and every CSP violation event. */
async function watchedPage(): Promise<Watched> {
  const page = await browser.newPage();
  const problems: string[] = [];
  await page.addInitScript({ content: RECORD_VIOLATIONS });
  page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (!request.url().startsWith(server.baseUrl) && !request.url().startsWith('data:')) problems.push(`request to ${request.url()}`);
  });
  const violations = () => page.evaluate(() => (globalThis as unknown as { __cspViolations: string[] }).__cspViolations);
  return { page, problems, violations };
}

test('the API reference renders the OpenAPI document under the CSP, without signing in', async () => {
  const { page, problems, violations } = await watchedPage();
  const response = await page.goto(`${server.baseUrl}/api/docs`);
  assert.match(response?.headers()['content-security-policy'] ?? '', "script-src 'self'");
  await page.locator('.swagger-ui .info .title', { hasText: 'Cistern API' }).waitFor();
  await page.locator('.opblock-summary-path', { hasText: '/accounts/{accountNumber}' }).first().waitFor();
  const operations = await page.locator('.opblock').count();
  assert.ok(operations > 40, `${operations} operations shown`);
  // Open one operation: its parameters and responses render too (more of the viewer's code runs).
  await page.locator('.opblock-summary', { hasText: '/auth/token' }).first().click();
  await page.locator('.opblock-body .responses-wrapper').first().waitFor();
  await page.waitForLoadState('networkidle');
  assert.equal(await violations(), [], 'no CSP violation');
  assert.equal(problems, [], 'no console error, no foreign request');
  await page.close();
});

test('the queue dashboard renders its queues under the CSP, with no web font fetched', async () => {
  const admin = await createUser(server.db, 'admin');
  const { page, problems, violations } = await watchedPage();
  await signInAs(page, server.baseUrl, admin.email, admin.password);
  await jobQueuesOf(server.deps).add('metrics', 'nightly_metrics', { planted: 'by the CSP test' }, { jobId: 'csp-probe', delay: 3_600_000 });
  await page.goto(`${server.baseUrl}/admin/queues`);
  for (const queue of ['notifications', 'metrics']) await page.getByText(queue, { exact: true }).first().waitFor();
  await page.waitForLoadState('networkidle');
  // Into a queue and its waiting job: the board's other views (and their lazily loaded code) run too.
  await page.goto(`${server.baseUrl}/admin/queues/queue/metrics?status=delayed`);
  await page.getByText('csp-probe').first().waitFor();
  await page.waitForLoadState('networkidle');
  assert.equal(await violations(), [], 'no CSP violation');
  assert.equal(problems, [], 'no console error, no foreign request');
  await page.close();
});

test('the checks above would see a violation: an inline style on our page is reported', async () => {
  const { page, violations } = await watchedPage();
  await page.goto(`${server.baseUrl}/login`);
  await page.evaluate(`document.body.insertAdjacentHTML('beforeend', '<span style="color:red">probe</span>')`);
  await page.waitForFunction(() => (globalThis as unknown as { __cspViolations: string[] }).__cspViolations.length > 0);
  assert.match((await violations()).join('\n'), 'style-src');
  await page.close();
});

test.run();
