/**
 * The admin editors (docs/rules.md#administration-and-settings): notification templates with their live
 * preview, the nightly schedule reaching BullMQ's Job Scheduler, and the Add bill form on
 * the Financial tab. Admins only; bad input answers inline with nothing saved.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Redis } from 'ioredis';
import { utilityIsoDay } from '../domain/common/calendar.js';
import { db } from '../domain/common/database.js';
import { getSetting, storedSetting } from '../domain/settings/settings.js';
import { openJobQueues, METRICS_SCHEDULER_ID, type JobQueues } from '../infra/queues/job-queues.js';
import { htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { readyRedis, testRedisPrefix, TEST_TIME_ZONE, waitFor } from './support/jobs-worker.js';
import { insertMinimalAccount } from './support/minimal-account.js';

let server: TestServer;
let admin: SignedIn;
let agent: SignedIn;
let dispatcher: SignedIn;
let redis: Redis;
let queues: JobQueues;

test.before(async () => {
  const prefix = testRedisPrefix('admin-editors');
  server = await startTestServer('admin_editors', {}, { REDIS_PREFIX: prefix });
  redis = await readyRedis('admin-editors-test');
  queues = openJobQueues(redis, prefix);
  const [a, g, d] = await Promise.all([createUser(server.db, 'admin'), createUser(server.db, 'agent'), createUser(server.db, 'dispatcher')]);
  admin = await signIn(server.baseUrl, a.email, a.password);
  agent = await signIn(server.baseUrl, g.email, g.password);
  dispatcher = await signIn(server.baseUrl, d.email, d.password);
});
test.after(async () => {
  await queues.close();
  redis.disconnect();
  await server.close();
});

const post = (who: SignedIn, path: string, form: Record<string, string>) => htmxRequest(server.baseUrl, who, path, form);
const audits = (action: string) => db(server.db.orm.em).selectFrom('audit_log').select(['entity_id', 'before', 'after'])
  .where('action', '=', action).orderBy('id').execute();
const today = () => utilityIsoDay(new Date(), TEST_TIME_ZONE);
const daysFromToday = (days: number) => utilityIsoDay(new Date(Date.now() + days * 86_400_000), TEST_TIME_ZONE);

test('agents and dispatchers get 403 from every editor, and nothing is saved', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const bill = { periodStart: daysFromToday(-40), periodEnd: daysFromToday(-10), issuedAt: today(), dueDate: daysFromToday(20), billAmount: '10', usage: '1' };
  for (const who of [agent, dispatcher]) {
    assert.is((await fetch(`${server.baseUrl}/admin/settings/templates`, { headers: { cookie: who.cookie } })).status, 403);
    assert.is((await post(who, '/admin/settings/templates/preview', { event: 'order_created', channel: 'sms', body: 'x', accountNumber: account.accountNumber })).status, 403);
    assert.is((await post(who, '/admin/settings/templates', { event: 'order_created', channel: 'sms', body: 'Hello' })).status, 403);
    assert.is((await post(who, '/admin/settings/schedule/runs', { cron: '03:00' })).status, 403);
    assert.is((await post(who, '/admin/settings/schedule', { cron: '03:00' })).status, 403);
    assert.is((await post(who, `/accounts/${account.accountNumber}/bills`, bill)).status, 403);
    const tab = await (await htmxRequest(server.baseUrl, who, `/accounts/${account.accountNumber}/financial`)).text();
    assert.not.match(tab, 'id="bill-form"', 'the form is not shown either');
  }
  assert.is(await storedSetting(server.db.orm.em.fork(), 'notifications'), undefined);
  assert.is(await storedSetting(server.db.orm.em.fork(), 'metrics'), undefined);
  assert.is((await db(server.db.orm.em).selectFrom('bill').select('id').where('account_id', '=', account.id).execute()).length, 0);
});

test('the template editor shows the stored template; the preview renders the draft on the account typed', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const page = await (await fetch(`${server.baseUrl}/admin/settings/templates?event=payment_failed&channel=sms`, { headers: { cookie: admin.cookie } })).text();
  assert.match(page, 'Cistern Water: your payment of {{amount}} ({{reference}}) failed.');
  assert.match(page, 'hx-trigger="input delay:300ms"');
  const preview = await post(admin, '/admin/settings/templates/preview', {
    event: 'payment_failed', channel: 'sms', body: 'Dear {{fullName}}, payment {{reference}} of {{amount}} failed.', accountNumber: account.accountNumber.toLowerCase(),
  });
  assert.is(preview.status, 200);
  const html = await preview.text();
  assert.match(html, 'Dear Test Consumer');
  assert.match(html, 'payment PAY-2026-000123 of $42.50 failed.');
  assert.match(html, `data-preview-account="${account.accountNumber}"`);
  assert.match(html, 'data-sms-segments="1"');
  assert.match(html, 'example details');

  const withProblem = await (await post(admin, '/admin/settings/templates/preview', {
    event: 'payment_failed', channel: 'email', subject: 'Hi', body: 'Hi {{firstname}}', accountNumber: account.accountNumber,
  })).text();
  assert.match(withProblem, '{{firstname}} is not a placeholder');
  const unknownAccount = await (await post(admin, '/admin/settings/templates/preview', { event: 'payment_failed', channel: 'sms', body: 'x', accountNumber: 'WU-99999999' })).text();
  assert.match(unknownAccount, 'No account WU-99999999');
  const badChoice = await post(admin, '/admin/settings/templates/preview', { event: 'party', channel: 'sms', body: 'x', accountNumber: account.accountNumber });
  assert.is(badChoice.status, 422);
});

test('a template with an unknown placeholder is refused inline naming it, and nothing is saved; a good one is saved, audited and used', async () => {
  const bad = await post(admin, '/admin/settings/templates', { event: 'order_created', channel: 'email', subject: 'Order {{orderNumber}}', body: 'Hello {{firstName}}, meter {{meterNumber}} and {{nope}}' });
  assert.is(bad.status, 422);
  const html = await bad.text();
  assert.match(html, 'f-body-error');
  assert.match(html, '{{meterNumber}} has no value for order created');
  assert.match(html, '{{nope}} is not a placeholder');
  assert.match(html, 'Hello {{firstName}}, meter {{meterNumber}} and {{nope}}', 'what was typed is kept');
  assert.is(await storedSetting(server.db.orm.em.fork(), 'notifications'), undefined);
  assert.equal(await audits('notification_template.update'), []);

  const saved = await post(admin, '/admin/settings/templates', { event: 'order_created', channel: 'email', subject: 'Your order {{orderNumber}}', body: 'Hello {{firstName}}: order {{orderNumber}} is open.' });
  assert.is(saved.status, 200);
  assert.match(await saved.text(), 'Saved.');
  const settings = await getSetting(server.db.orm.em.fork(), 'notifications');
  assert.equal(settings.templates.order_created.email, { subject: 'Your order {{orderNumber}}', body: 'Hello {{firstName}}: order {{orderNumber}} is open.' });
  assert.match(settings.templates.order_created.sms.body, 'Cistern Water: service order', 'the other channel keeps its template');
  const smsSaved = await post(admin, '/admin/settings/templates', { event: 'order_created', channel: 'sms', body: 'Order {{orderNumber}} open.' });
  assert.is(smsSaved.status, 200);
  const both = await getSetting(server.db.orm.em.fork(), 'notifications');
  assert.is(both.templates.order_created.sms.body, 'Order {{orderNumber}} open.');
  assert.is(both.templates.order_created.email.subject, 'Your order {{orderNumber}}', 'the first save is kept');
  const rows = await audits('notification_template.update');
  assert.is(rows.length, 2);
  assert.equal(rows[0].after, { event: 'order_created', channel: 'email', subject: 'Your order {{orderNumber}}', body: 'Hello {{firstName}}: order {{orderNumber}} is open.' });
});

test('the nightly schedule: its next runs listed, bad input refused inline, a saved one upserted into the BullMQ scheduler', async () => {
  const settingsPage = await (await fetch(`${server.baseUrl}/admin/settings`, { headers: { cookie: admin.cookie } })).text();
  assert.match(settingsPage, 'name="cron" value="0 2 * * *"');
  assert.is((settingsPage.match(/<ol class="schedule-runs">(.*?)<\/ol>/s)?.[1].match(/<li>/g) ?? []).length, 5);
  assert.match(await (await post(admin, '/admin/settings/schedule/runs', { cron: '0 */6 * * *' })).text(), 'at most once a day');

  for (const cron of ['0 */6 * * *', '0 2 * *', 'soon', '0 2 1 * *']) {
    const bad = await post(admin, '/admin/settings/schedule', { cron });
    assert.is(bad.status, 422, cron);
    assert.match(await bad.text(), 'f-cron-error');
  }
  assert.is(await storedSetting(server.db.orm.em.fork(), 'metrics'), undefined, 'nothing saved');

  const saved = await post(admin, '/admin/settings/schedule', { cron: '03:30' });
  assert.is(saved.status, 200);
  const html = await saved.text();
  assert.match(html, 'Saved. The nightly run is rescheduled.');
  assert.match(html, 'value="30 3 * * *"');
  assert.is((await getSetting(server.db.orm.em.fork(), 'metrics')).cron, '30 3 * * *');
  const scheduler = await waitFor(() => queues.metrics.getJobScheduler(METRICS_SCHEDULER_ID), 'the scheduler');
  assert.is(scheduler.pattern, '30 3 * * *');
  assert.is(scheduler.tz, TEST_TIME_ZONE);
  const next = new Intl.DateTimeFormat('en-US', { timeZone: TEST_TIME_ZONE, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Number(scheduler.next)));
  assert.is(next, '03:30');
  assert.equal((await audits('setting.update')).map((row) => [row.entity_id, row.before, row.after]), [['metrics', { cron: '0 2 * * *' }, { cron: '30 3 * * *' }]]);
});

test('an admin adds a bill on the Financial tab: the bill shows and the balance moves; bad input is refused inline with nothing written', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const path = `/accounts/${account.accountNumber}/bills`;
  const tab = await (await htmxRequest(server.baseUrl, admin, `/accounts/${account.accountNumber}/financial`)).text();
  assert.match(tab, 'id="bill-form"');
  const good = { periodStart: daysFromToday(-40), periodEnd: daysFromToday(-10), issuedAt: today(), dueDate: daysFromToday(20), billAmount: '84.20', usage: '3200' };
  const cases: Array<[Record<string, string>, string, number]> = [
    [{ billAmount: 'lots' }, 'f-billAmount-error', 422],
    [{ billAmount: '-5' }, 'f-billAmount-error', 422],
    [{ usage: '1.5' }, 'f-usage-error', 422],
    [{ periodStart: 'yesterday' }, 'f-periodStart-error', 422],
    [{ periodEnd: daysFromToday(-50) }, 'f-periodEnd-error', 422],
    [{ dueDate: daysFromToday(-1) }, 'f-dueDate-error', 422],
    [{ issuedAt: daysFromToday(2), dueDate: daysFromToday(30) }, 'f-issuedAt-error', 422],
  ];
  for (const [change, marker, status] of cases) {
    const response = await post(admin, path, { ...good, ...change });
    assert.is(response.status, status, JSON.stringify(change));
    assert.match(await response.text(), marker, JSON.stringify(change));
  }
  const bills = () => db(server.db.orm.em).selectFrom('bill').select(['amount_cents', 'usage']).where('account_id', '=', account.id).execute();
  assert.equal(await bills(), [], 'nothing written');

  const saved = await post(admin, path, good);
  assert.is(saved.status, 200);
  assert.is(saved.headers.get('hx-retarget'), '#profile-tabs');
  const html = await saved.text();
  assert.match(html, 'added.');
  assert.match(html, '$84.20');
  assert.match(html, 'data-outstanding-cents="8420"');
  assert.equal(await bills(), [{ amount_cents: 8420, usage: 3200 }]);
  const balance = await db(server.db.orm.em).selectFrom('account').select('balance_cents').where('id', '=', account.id).executeTakeFirstOrThrow();
  assert.is(Number(balance.balance_cents), 8420);
  assert.is((await audits('bill.create')).length >= 1, true);

  const again = await post(admin, path, good);
  assert.is(again.status, 200);
  assert.match(await again.text(), 'already there');
  const different = await post(admin, path, { ...good, billAmount: '90' });
  assert.is(different.status, 409);
  assert.match(await different.text(), 'f-periodStart-error');
  assert.is((await bills()).length, 1);

  // A bill of nothing is not "Unpaid": there is nothing to pay.
  const nothing = await post(admin, path, { ...good, periodStart: daysFromToday(-9), periodEnd: daysFromToday(-1), billAmount: '0', usage: '0' });
  assert.is(nothing.status, 200);
  assert.match(await nothing.text(), /<td data-paid-on="\d{4}-\d{2}-\d{2}"><span class="muted">Nothing to pay<\/span><\/td>/);
});

test.run();
