/**
 * In Chromium, as an agent: add a note, fix it (a new version, the old one in its
 * history), log a phone call, and get an inline error for a call without its duration;
 * each shows up without a page reload.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../../domain/common/database.js';
import { collectPageErrors, launchBrowser, markPage, signInAs, type TestBrowser } from '../support/browser.js';
import { createUser, startTestServer, type TestServer } from '../support/app-server.js';
import { insertMinimalAccount } from '../support/minimal-account.js';

let server: TestServer;
let browser: TestBrowser;

test.before(async () => {
  server = await startTestServer('browser_notes');
  browser = await launchBrowser();
});
test.after(async () => {
  await browser.close();
  await server.close();
});

test('an agent adds a note and logs a call on the profile, without a page reload', async () => {
  const agent = await createUser(server.db, 'agent');
  const { accountNumber } = await insertMinimalAccount(server.db.orm);
  const page = await browser.newPage();
  // A refused form answers 422 on purpose.
  const errors = collectPageErrors(page, { refusalsExpected: true });
  await signInAs(page, server.baseUrl, agent.email, agent.password);
  await page.goto(`${server.baseUrl}/accounts/${accountNumber}/notes`);
  const stillSamePage = await markPage(page);

  await page.fill('#f-note-new-body', 'Customer <b>prefers</b> email.');
  await page.click('#note-new button[type=submit]');
  const note = page.locator('.note', { hasText: 'Customer <b>prefers</b> email.' });
  await note.waitFor();
  assert.is(await page.locator('.note b').count(), 0, 'the markup is shown as text');
  await page.locator('#flash', { hasText: 'Note added.' }).waitFor();

  await note.locator('details.note-edit summary').click();
  await note.locator('textarea[name=body]').fill('Customer prefers email, never SMS.');
  await note.locator('form button[type=submit]').click();
  const edited = page.locator('.note', { hasText: 'Customer prefers email, never SMS.' });
  await edited.locator('.edited-marker', { hasText: 'version 2' }).waitFor();
  await edited.locator('details.note-history summary').click();
  await edited.locator('.note-versions li[data-version="1"]', { hasText: 'Customer <b>prefers</b> email.' }).waitFor();

  await page.click('#tab-communication');
  await page.locator('#tab-panel[data-tab="communication"]').waitFor();
  await page.click('details.record-form-panel summary');
  await page.selectOption('#f-communication-new-channel', 'phone');
  await page.selectOption('#f-communication-new-direction', 'from_customer');
  await page.fill('#f-communication-new-body', 'Asked why the bill went up.');
  await page.click('#communication-new button[type=submit]');
  await page.locator('#f-communication-new-duration-error', { hasText: 'required for a phone call' }).waitFor();
  assert.is(await page.inputValue('#f-communication-new-body'), 'Asked why the bill went up.', 'what was typed is kept');

  await page.fill('#f-communication-new-duration', '6:30');
  await page.click('#communication-new button[type=submit]');
  const call = page.locator('.communication.channel-phone', { hasText: 'Asked why the bill went up.' });
  await call.waitFor();
  assert.match(await call.textContent() ?? '', '6 min 30 s');
  assert.match(await call.textContent() ?? '', 'From customer');

  assert.ok(await stillSamePage(), 'no full page reload happened');
  assert.equal(errors, [], 'no script errors (the CSP allows our own scripts)');
  const [counts] = await db(server.db.orm.em).selectNoFrom((eb) => [
    eb.selectFrom('note').select((note) => note.fn.countAll<string>().as('n')).as('notes'),
    eb.selectFrom('communication').select((call) => call.fn.countAll<string>().as('n')).where('duration_seconds', '=', 390).as('calls'),
  ]).execute();
  assert.equal([Number(counts.notes), Number(counts.calls)], [2, 1]);
  await page.screenshot({ path: 'test-results/notes-and-calls.png', fullPage: true }).catch(() => undefined);
});

test.run();
