/** Browser test: the template editor's preview follows the typing, and a template with an unknown placeholder cannot be saved. */
import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getSetting, storedSetting } from '../../domain/settings/settings.js';
import { collectPageErrors, launchBrowser, markPage, signInAs, type TestBrowser } from '../support/browser.js';
import { createUser, startTestServer, type TestServer } from '../support/app-server.js';
import { insertMinimalAccount } from '../support/minimal-account.js';

let server: TestServer;
let browser: TestBrowser;
let admin: { email: string; password: string };
let accountNumber: string;

test.before(async () => {
  server = await startTestServer('browser_templates');
  browser = await launchBrowser();
  admin = await createUser(server.db, 'admin');
  accountNumber = (await insertMinimalAccount(server.db.orm)).accountNumber;
});
test.after(async () => {
  await browser.close();
  await server.close();
});

/** Waits until the preview shows `text` (a locator wait: the page's CSP forbids the eval a predicate string needs). */
const previewShows = (page: Page, text: string) => page.locator('#preview-body', { hasText: text }).waitFor();

test('the preview updates as the template is typed; an unknown placeholder is named and the template is not saved', async () => {
  const page = await browser.newPage();
  // The refused save answers 422 on purpose.
  const errors = collectPageErrors(page, { refusalsExpected: true });
  await signInAs(page, server.baseUrl, admin.email, admin.password);
  await page.goto(`${server.baseUrl}/admin/settings/templates?event=payment_failed&channel=sms`);
  const stillSamePage = await markPage(page);
  assert.match(await page.textContent('#template-preview') ?? '', 'Type an account number');

  await page.locator('#f-accountNumber').pressSequentially(accountNumber, { delay: 10 });
  await previewShows(page, 'Cistern Water: your payment of $42.50 (PAY-2026-000123) failed.');
  assert.match(await page.textContent('#template-preview') ?? '', `(${accountNumber})`);

  await page.fill('#f-body', '');
  await page.locator('#f-body').pressSequentially('Hi {{firstName}}, payment {{reference}} bounced.', { delay: 15 });
  await previewShows(page, 'Hi Test, payment PAY-2026-000123 bounced.');
  assert.match(await page.textContent('.sms-size') ?? '', '1 SMS segment');

  await page.locator('#f-body').pressSequentially(' Call {{phoneNumber}}', { delay: 15 });
  await page.waitForSelector('.preview-problems');
  assert.match(await page.textContent('.preview-problems') ?? '', '{{phoneNumber}} is not a placeholder');
  await previewShows(page, 'bounced. Call');

  await page.click('#template-form button[type=submit]');
  await page.waitForSelector('#f-body-error');
  assert.match(await page.textContent('#f-body-error') ?? '', '{{phoneNumber}} is not a placeholder');
  assert.is(await page.inputValue('#f-body'), 'Hi {{firstName}}, payment {{reference}} bounced. Call {{phoneNumber}}', 'what was typed is kept');
  assert.is(await storedSetting(server.db.orm.em.fork(), 'notifications'), undefined, 'nothing saved');

  await page.fill('#f-body', 'Hi {{firstName}}, payment {{reference}} bounced.');
  await page.click('#template-form button[type=submit]');
  await page.waitForSelector('#template-form [role=status]');
  assert.is((await getSetting(server.db.orm.em.fork(), 'notifications')).templates.payment_failed.sms.body, 'Hi {{firstName}}, payment {{reference}} bounced.');
  await previewShows(page, 'Hi Test, payment PAY-2026-000123 bounced.');

  assert.ok(await stillSamePage(), 'the page was reloaded');
  assert.equal(errors, []);
});

test.run();
