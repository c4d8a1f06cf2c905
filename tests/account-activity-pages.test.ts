/**
 * The write side of the profile through the htmx routes: each form answers the re-rendered
 * tab on success, itself with inline messages on a refusal (422, or 409 for a duplicate
 * reference or a stale version), and the database is unchanged after every refusal.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { db } from '../domain/common/database.js';
import { apiClient, daysAgo, today } from './support/activity-client.js';
import { htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { createUser, type TestServer } from './support/app-server.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { startServerWithWorker, type ServerWithWorker } from './support/server-with-worker.js';

let server: TestServer;
let app: ServerWithWorker;
let agent: SignedIn;
let admin: SignedIn;

test.before(async () => {
  app = await startServerWithWorker('activity_pages');
  ({ server } = app);
  const a = await createUser(server.db, 'agent');
  const ad = await createUser(server.db, 'admin');
  agent = await signIn(server.baseUrl, a.email, a.password);
  admin = await signIn(server.baseUrl, ad.email, ad.password);
});
test.after(async () => {
  await app.close();
});

async function htmx(session: SignedIn, path: string, form?: Record<string, string>) {
  const response = await htmxRequest(server.baseUrl, session, path, form);
  return { status: response.status, headers: response.headers, html: await response.text() };
}
const query = () => db(server.db.orm.em);
const count = (...args: Parameters<ReturnType<typeof apiClient>['count']>) => apiClient(server).count(...args);
const snapshot = () => apiClient(server).snapshot();
const ref = () => `PAY-${randomBytes(5).toString('hex')}`;
const localNow = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/Chicago', dateStyle: 'short', timeStyle: 'short' }).format(new Date()).replace(' ', 'T');
const fieldError = (html: string, field: string) => new RegExp(`id="f-${field}-error"`).test(html);

test('recording a payment re-renders the Financial tab and the header; the balance moves at once', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const reference = ref();
  const r = await htmx(agent, `/accounts/${account.accountNumber}/payments`, { amount: '1,234.50', paidAt: localNow(), reference, method: 'ach', status: 'processed' });
  assert.is(r.status, 200, r.html);
  assert.is(r.headers.get('hx-retarget'), '#profile-tabs');
  assert.match(r.html, 'id="profile-tabs"');
  assert.match(r.html, `data-payment="${reference}"`);
  assert.match(r.html, 'data-balance-cents="-123450"');
  assert.match(r.html, 'hx-swap-oob="true"');
  assert.not.match(r.html, '<html');
  const [row] = await query().selectFrom('account').select('balance_cents').where('id', '=', account.id).execute();
  assert.is(row.balance_cents, -123_450);
});

test('a bad payment form comes back inline (422) with each field named; a duplicate reference is a 409 at the field; nothing written', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const reference = ref();
  await htmx(agent, `/accounts/${account.accountNumber}/payments`, { amount: '10', paidAt: localNow(), reference, method: 'cash', status: 'processed' });
  const before = await snapshot();
  const bad = await htmx(agent, `/accounts/${account.accountNumber}/payments`, { amount: 'ten dollars', paidAt: 'soon', reference: '', method: 'barter', status: 'processed' });
  assert.is(bad.status, 422);
  assert.is(bad.headers.get('hx-retarget'), null, 'the form swaps itself');
  assert.match(bad.html, 'id="payment-form"');
  for (const field of ['amount', 'reference', 'method']) assert.ok(fieldError(bad.html, field), `${field} marked`);
  assert.match(bad.html, 'value="ten dollars"', 'what was typed is kept');
  const future = await htmx(agent, `/accounts/${account.accountNumber}/payments`, { amount: '5', paidAt: '2999-01-01T10:00', reference: ref(), method: 'cash', status: 'processed' });
  assert.is(future.status, 422);
  assert.ok(fieldError(future.html, 'paidAt'));
  const negative = await htmx(agent, `/accounts/${account.accountNumber}/payments`, { amount: '-5', paidAt: localNow(), reference: ref(), method: 'cash', status: 'processed' });
  assert.is(negative.status, 422);
  assert.ok(fieldError(negative.html, 'amount'));
  const duplicate = await htmx(agent, `/accounts/${account.accountNumber}/payments`, { amount: '10', paidAt: localNow(), reference, method: 'cash', status: 'processed' });
  assert.is(duplicate.status, 409);
  assert.ok(fieldError(duplicate.html, 'reference'));
  assert.match(duplicate.html, 'already recorded');
  const unknown = await htmx(agent, '/accounts/WU-99999/payments', { amount: '10', paidAt: localNow(), reference: ref(), method: 'cash', status: 'processed' });
  assert.is(unknown.status, 404);
  assert.equal(await snapshot(), before);
});

test('a pending payment is settled from its row; settling twice is a 409 and writes nothing', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const reference = ref();
  const saved = await htmx(agent, `/accounts/${account.accountNumber}/payments`, { amount: '40', paidAt: localNow(), reference, method: 'check', status: 'pending' });
  const id = saved.html.match(/\/payments\/(\d+)\/status/)?.[1];
  assert.ok(id, 'a pending payment has settle buttons');
  const settled = await htmx(agent, `/accounts/${account.accountNumber}/payments/${id}/status`, { status: 'failed' });
  assert.is(settled.status, 200);
  assert.match(settled.html, 'pay-status-failed');
  const other = await insertMinimalAccount(server.db.orm);
  const before = await snapshot();
  assert.is((await htmx(agent, `/accounts/${account.accountNumber}/payments/${id}/status`, { status: 'processed' })).status, 409);
  assert.is((await htmx(agent, `/accounts/${other.accountNumber}/payments/${id}/status`, { status: 'processed' })).status, 404, 'not a payment of that account');
  assert.equal(await snapshot(), before);
  assert.is(await count((q) => q.selectFrom('notification').where('idempotency_key', '=', `payment_failed:${reference}`)), 1);
});

test('editing contact data re-renders the Overview; a stale form is a 409 that shows their values and writes nothing', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const form = { version: '1', firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com', phone: '', serviceAddress: '1 Navy Way', city: 'Arlington', postalCode: '', preferredChannel: 'sms' };
  const saved = await htmx(agent, `/accounts/${account.accountNumber}/contact`, { ...form, notificationsOptOut: 'true' });
  assert.is(saved.status, 200, saved.html);
  assert.is(saved.headers.get('hx-retarget'), '#profile-tabs');
  assert.match(saved.html, 'grace@example.com');
  assert.match(saved.html, 'Opted out');
  const [row] = await query().selectFrom('account')
    .select(['first_name', 'email', 'phone', 'city', 'preferred_channel', 'notifications_opt_out', 'version']).where('id', '=', account.id).execute();
  assert.equal(row, { first_name: 'Grace', email: 'grace@example.com', phone: null, city: 'Arlington', preferred_channel: 'sms', notifications_opt_out: true, version: 2 });
  const before = await snapshot();
  const stale = await htmx(agent, `/accounts/${account.accountNumber}/contact`, { ...form, email: 'mine@example.com' });
  assert.is(stale.status, 409);
  assert.match(stale.html, 'Someone else changed this record');
  assert.match(stale.html, 'grace@example.com', 'their values are shown');
  assert.match(stale.html, 'value="mine@example.com"', 'mine are kept in the form');
  assert.match(stale.html, 'name="version" value="2"', 'saving again is based on the current version');
  const invalid = await htmx(agent, `/accounts/${account.accountNumber}/contact`, { ...form, version: '2', email: 'nope', firstName: '' });
  assert.is(invalid.status, 422);
  assert.ok(fieldError(invalid.html, 'email'));
  assert.ok(fieldError(invalid.html, 'firstName'));
  assert.is((await htmx(agent, '/accounts/WU-99999/contact', form)).status, 404);
  assert.equal(await snapshot(), before);
  const again = await htmx(agent, `/accounts/${account.accountNumber}/contact`, { ...form, version: '2', email: 'mine@example.com' });
  assert.is(again.status, 200);
  const [savedAgain] = await query().selectFrom('account').select(['email', 'notifications_opt_out', 'version']).where('id', '=', account.id).execute();
  assert.equal(savedAgain, { email: 'mine@example.com', notifications_opt_out: false, version: 3 });
});

test('entering readings: a flagged one shows with verify, reject and inspection buttons; each acts once', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const enter = (readAt: string, value: string) => htmx(agent, `/accounts/${account.accountNumber}/readings`, { meterNumber: account.meterNumber, readAt, value });
  const first = await enter(daysAgo(60), '12,000');
  assert.is(first.status, 200, first.html);
  assert.match(first.html, 'data-tab="connections"');
  const flagged = await enter(daysAgo(2), '11000');
  assert.is(flagged.status, 200);
  assert.match(flagged.html, 'flagged');
  assert.match(flagged.html, 'data-alert=');
  const [reading] = await query().selectFrom('reading').select(['id', 'flags']).where('account_id', '=', account.id).orderBy('read_at', 'desc').limit(1).execute();
  assert.equal(reading.flags, ['regression']);
  assert.match(flagged.html, `/readings/${reading.id}/verify`);
  assert.match(flagged.html, `/readings/${reading.id}/inspection-order`);
  const ordered = await htmx(agent, `/accounts/${account.accountNumber}/readings/${reading.id}/inspection-order`, {});
  assert.is(ordered.status, 200, ordered.html);
  const [order] = await query().selectFrom('service_order').select(['order_number', 'type']).where('source_reading_id', '=', reading.id).execute();
  assert.is(order.type, 'inspection');
  assert.match(ordered.html, `Inspection order ${order.order_number} created`);
  const verified = await htmx(agent, `/accounts/${account.accountNumber}/readings/${reading.id}/verify`, {});
  assert.is(verified.status, 200);
  assert.match(verified.html, 'verification-verified');
  const other = await insertMinimalAccount(server.db.orm);
  const before = await snapshot();
  assert.is((await htmx(agent, `/accounts/${account.accountNumber}/readings/${reading.id}/reject`, {})).status, 409);
  assert.is((await htmx(agent, `/accounts/${account.accountNumber}/readings/${reading.id}/inspection-order`, {})).status, 409);
  const bad = await enter('2999-01-01', 'lots');
  assert.is(bad.status, 422);
  assert.ok(fieldError(bad.html, 'value'));
  const future = await enter('2999-01-01', '13000');
  assert.is(future.status, 422);
  assert.ok(fieldError(future.html, 'readAt'));
  const foreign = await htmx(agent, `/accounts/${account.accountNumber}/readings`, { meterNumber: other.meterNumber, readAt: today(), value: '5' });
  assert.is(foreign.status, 404, 'a meter of another account');
  assert.is((await htmx(agent, `/accounts/${other.accountNumber}/readings/${reading.id}/verify`, {})).status, 404);
  assert.equal(await snapshot(), before);
});

test('opening an account from its page: the profile opens; a bad form comes back inline', async () => {
  const page = await fetch(`${server.baseUrl}/accounts/new`, { headers: { cookie: agent.cookie } });
  assert.is(page.status, 200);
  assert.match(await page.text(), 'id="new-account-form"');
  const before = await snapshot();
  const bad = await htmx(agent, '/accounts', { firstName: 'Alan', lastName: '', serviceAddress: '', ratePlan: 'Standard Residential', billingCycle: 'monthly', paymentMethod: 'manual' });
  assert.is(bad.status, 422);
  assert.ok(fieldError(bad.html, 'lastName'));
  assert.ok(fieldError(bad.html, 'serviceAddress'));
  assert.equal(await snapshot(), before);
  const created = await htmx(agent, '/accounts', { firstName: 'Alan', lastName: 'Turing', serviceAddress: '2 Bletchley Park', ratePlan: 'Standard Residential', billingCycle: 'quarterly', paymentMethod: 'autopay' });
  const location = created.headers.get('hx-redirect');
  assert.match(location ?? '', /^\/accounts\/WU-\d+$/);
  const [row] = await query().selectFrom('account').select(['status', 'billing_cycle']).where('account_number', '=', location!.split('/')[2]).execute();
  assert.equal(row, { status: 'pending', billing_cycle: 'quarterly' });
});

test('the audit page: admins filter it and read the diff; agents are refused (403)', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  await htmx(agent, `/accounts/${account.accountNumber}/contact`, { version: '1', firstName: 'Test', lastName: 'Renamed', serviceAddress: '1 Main St', preferredChannel: 'email', email: 'x@example.com' });
  const page = await fetch(`${server.baseUrl}/admin/audit?entity=account&entityId=${account.accountNumber}`, { headers: { cookie: admin.cookie } });
  const html = await page.text();
  assert.is(page.status, 200);
  assert.match(html, '<html');
  assert.match(html, 'account.update');
  assert.match(html, '<del>Consumer');
  assert.match(html, '<ins>Renamed</ins>');
  const fragment = await htmx(admin, `/admin/audit?entity=payment`);
  assert.not.match(fragment.html, '<html');
  assert.match(fragment.html, 'id="audit-list"');
  assert.not.match(fragment.html, 'account.update');
  const refused = await fetch(`${server.baseUrl}/admin/audit`, { headers: { cookie: agent.cookie } });
  assert.is(refused.status, 403);
  assert.is((await htmx(agent, '/admin/audit')).status, 403);
});

test('a form post without the CSRF token is refused (403) and writes nothing', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const before = await snapshot();
  const r = await fetch(`${server.baseUrl}/accounts/${account.accountNumber}/payments`, {
    method: 'POST', headers: { cookie: agent.cookie, 'hx-request': 'true', origin: server.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ amount: '10', paidAt: localNow(), reference: ref(), method: 'cash', status: 'processed' }),
  });
  assert.is(r.status, 403);
  assert.equal(await snapshot(), before);
});

test.run();
