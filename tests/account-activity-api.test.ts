/**
 * Accounts, payments and bills through the JSON API (docs/api.md).
 * Every refusal is checked against the database: nothing is written when a request is refused.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { apiClient, startActivityApi, daysAgo, today } from './support/activity-client.js';
import type { TestServer } from './support/app-server.js';
import { insertMinimalAccount } from './support/minimal-account.js';

let server: TestServer;
let agent: string;
let admin: string;
let client: ReturnType<typeof apiClient>;
let close: () => Promise<void>;

test.before(async () => {
  ({ server, agent, admin, client, close } = await startActivityApi('activity_api'));
});
test.after(async () => close());

const call = (...args: Parameters<typeof client.call>) => client.call(...args);
const query = () => db(server.db.orm.em);
const count = (...args: Parameters<typeof client.count>) => client.count(...args);
const snapshot = () => client.snapshot();
const ref = () => `PAY-${randomBytes(5).toString('hex')}`;
const balanceOf = async (id: number) =>
  (await query().selectFrom('account').select('balance_cents').where('id', '=', id).executeTakeFirstOrThrow()).balance_cents;

const NEW_ACCOUNT = {
  firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+1 555 123 4567', serviceAddress: '10 Analytical Way',
  ratePlan: 'Standard Residential', billingCycle: 'monthly', paymentMethod: 'manual',
};

test('an agent opens an account: 201, pending, the next number, audited', async () => {
  const first = await call('POST', '/accounts', agent, NEW_ACCOUNT);
  assert.is(first.status, 201, JSON.stringify(first.body));
  assert.match(first.body.accountNumber, /^WU-\d{5,}$/);
  assert.is(first.body.status, 'pending');
  assert.is(first.body.customerSince, today());
  assert.is(first.body.balanceCents, 0);
  assert.is(first.body.version, 1);
  const second = await call('POST', '/accounts', agent, { ...NEW_ACCOUNT, firstName: 'Charles', customerSince: '2020-02-29' });
  assert.is(Number(second.body.accountNumber.slice(3)), Number(first.body.accountNumber.slice(3)) + 1);
  const [entry] = await query().selectFrom('audit_log').select(['action', 'user_name', 'after'])
    .where('entity', '=', 'account').where('entity_id', '=', first.body.accountNumber).execute();
  assert.is(entry.action, 'account.create');
  assert.is(entry.user_name, 'Test agent');
  assert.is(entry.after?.firstName, 'Ada');
});

test('account numbers skip past numbers already in use and are never reused', async () => {
  const taken = await insertMinimalAccount(server.db.orm, { accountNumber: 'WU-10950' });
  await query().selectNoFrom((eb) => eb.fn('setval', [sql.lit('account_number_seq'), sql.lit(10949)]).as('value')).execute();
  const created = await call('POST', '/accounts', agent, NEW_ACCOUNT);
  assert.is(created.status, 201);
  assert.ok(Number(created.body.accountNumber.slice(3)) > 10950, created.body.accountNumber);
  assert.is.not(created.body.accountNumber, taken.accountNumber);
  await query().deleteFrom('account').where('account_number', '=', created.body.accountNumber).execute();
  const next = await call('POST', '/accounts', agent, NEW_ACCOUNT);
  assert.is.not(next.body.accountNumber, created.body.accountNumber);
});

test('bad account creations are refused with the field named, and write nothing', async () => {
  const before = await snapshot();
  const cases: [unknown, number, string[]][] = [
    [{ ...NEW_ACCOUNT, firstName: undefined, serviceAddress: '' }, 422, ['firstName', 'serviceAddress']],
    [{ ...NEW_ACCOUNT, email: 'not-an-email' }, 422, ['email']],
    [{ ...NEW_ACCOUNT, billingCycle: 'weekly' }, 422, ['billingCycle']],
    [{ ...NEW_ACCOUNT, lastName: 42 }, 422, ['lastName']],
    [{ ...NEW_ACCOUNT, customerSince: '2999-01-01' }, 422, ['customerSince']],
    [{ ...NEW_ACCOUNT, customerSince: 'yesterday' }, 422, ['customerSince']],
  ];
  for (const [body, status, fields] of cases) {
    const r = await call('POST', '/accounts', agent, body);
    assert.is(r.status, status, JSON.stringify(body));
    for (const field of fields) assert.ok(r.body.error.details.fields[field], `${field} named in ${JSON.stringify(r.body)}`);
  }
  assert.is((await call('POST', '/accounts', null, NEW_ACCOUNT)).status, 401);
  const malformed = await fetch(`${server.baseUrl}/api/v1/accounts`, { method: 'POST', headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' }, body: '{"firstName":' });
  assert.is(malformed.status, 400);
  assert.equal(await snapshot(), before);
});

test('contact edits need the current version; a stale one is a 409 with their values and writes nothing', async () => {
  const { body: account } = await call('POST', '/accounts', agent, NEW_ACCOUNT);
  const n = account.accountNumber;
  const edited = await call('PATCH', `/accounts/${n}`, agent, { version: 1, email: 'ada.l@example.com', phone: null });
  assert.is(edited.status, 200, JSON.stringify(edited.body));
  assert.is(edited.body.email, 'ada.l@example.com');
  assert.is(edited.body.phone, null);
  assert.is(edited.body.version, 2);
  const before = await snapshot();
  const stale = await call('PATCH', `/accounts/${n}`, agent, { version: 1, email: 'mine@example.com' });
  assert.is(stale.status, 409);
  assert.is(stale.body.error.details.reason, 'stale_version');
  assert.is(stale.body.error.details.currentVersion, 2);
  assert.is(stale.body.error.details.current.email, 'ada.l@example.com');
  assert.equal(await snapshot(), before);
  const [row] = await query().selectFrom('account').select(['email', 'version']).where('account_number', '=', n).execute();
  assert.equal(row, { email: 'ada.l@example.com', version: 2 });
  const [entry] = await query().selectFrom('audit_log').select(['before', 'after'])
    .where('entity', '=', 'account').where('entity_id', '=', n).where('action', '=', 'account.update').execute();
  assert.is(entry.before?.email, 'ada@example.com');
  assert.is(entry.after?.email, 'ada.l@example.com');
  assert.is(entry.after?.phone, null);
});

test('two saves of the same version: one wins, the other is a 409', async () => {
  const { body: account } = await call('POST', '/accounts', agent, NEW_ACCOUNT);
  const results = await Promise.all(['a', 'b', 'c', 'd'].map((x) => call('PATCH', `/accounts/${account.accountNumber}`, agent, { version: 1, city: `City ${x}` })));
  assert.equal(results.map((r) => r.status).sort(), [200, 409, 409, 409]);
  const [row] = await query().selectFrom('account').select('version').where('account_number', '=', account.accountNumber).execute();
  assert.is(row.version, 2);
});

test('bad contact edits: 422 naming the field, 404 unknown account, status is not a contact field; nothing written', async () => {
  const { body: account } = await call('POST', '/accounts', agent, NEW_ACCOUNT);
  const before = await snapshot();
  const n = account.accountNumber;
  const cases: [string, unknown, number, string?][] = [
    [n, { email: 'x' }, 422, 'version'],
    [n, { version: 1, email: 'nope' }, 422, 'email'],
    [n, { version: 'one' }, 422, 'version'],
    [n, { version: 1, status: 'active' }, 422],
    [n, { version: 1, firstName: '' }, 422, 'firstName'],
    ['WU-99999', { version: 1, city: 'X' }, 404],
    ['garbage', { version: 1, city: 'X' }, 404],
  ];
  for (const [number, body, status, field] of cases) {
    const r = await call('PATCH', `/accounts/${number}`, agent, body);
    assert.is(r.status, status, `${number} ${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
    if (field) assert.ok(r.body.error.details.fields[field], `${field} named`);
  }
  assert.equal(await snapshot(), before);
});

test('a processed payment lowers the balance at once; pending does not; failed queues the notification once', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const bill = await call('POST', `/accounts/${account.accountNumber}/bills`, admin,
    { periodStart: daysAgo(60), periodEnd: daysAgo(31), issuedAt: daysAgo(30), dueDate: daysAgo(10), amountCents: 12_345, usage: 4000 });
  assert.is(bill.status, 201, JSON.stringify(bill.body));
  assert.is(await balanceOf(account.id), 12_345);
  const [{ overdue_since: overdue }] = await query().selectFrom('account').select('overdue_since').where('id', '=', account.id).execute();
  assert.is(overdue, daysAgo(10));
  const paidAt = new Date().toISOString();
  const processed = await call('POST', `/accounts/${account.accountNumber}/payments`, agent,
    { paidAt, reference: ref(), amountCents: 10_000, method: 'credit_card', status: 'processed', billId: bill.body.id });
  assert.is(processed.status, 201, JSON.stringify(processed.body));
  assert.is(processed.body.billId, bill.body.id);
  assert.is(await balanceOf(account.id), 2_345);
  await call('POST', `/accounts/${account.accountNumber}/payments`, agent, { paidAt, reference: ref(), amountCents: 2_345, method: 'ach', status: 'pending' });
  assert.is(await balanceOf(account.id), 2_345);
  const failedRef = ref();
  const failed = await call('POST', `/accounts/${account.accountNumber}/payments`, agent, { paidAt, reference: failedRef, amountCents: 2_345, method: 'check', status: 'failed' });
  assert.is(failed.status, 201);
  assert.is(await balanceOf(account.id), 2_345);
  assert.is(await count((q) => q.selectFrom('notification').where('idempotency_key', '=', `payment_failed:${failedRef}`).where('event', '=', 'payment_failed')), 1);
  // The notification, its outbox message and the audit row were written with the payment, in one statement.
  const notice = await db(server.db.orm.em).selectFrom('notification').select('id').where('idempotency_key', '=', `payment_failed:${failedRef}`).executeTakeFirstOrThrow();
  assert.is(await count((q) => q.selectFrom('outbox_message').where('kind', '=', 'send_notification')
    .where(sql`(payload->>'notificationId')::int`, '=', notice.id)), 1);
  assert.is(await count((q) => q.selectFrom('audit_log').where('action', '=', 'payment.create').where('entity_id', '=', failedRef)), 1);
  const header = await call('GET', `/accounts/${account.accountNumber}`, agent);
  assert.is(header.body.balanceCents, 2_345);
  const list = await call('GET', `/accounts/${account.accountNumber}/payments`, agent);
  assert.equal(list.body.items.map((p: { status: string }) => p.status).sort(), ['failed', 'pending', 'processed']);
});

// Rule change (allocation, docs/rules.md#bills-payments-and-compliance): a processed payment may still bounce, so
// processed → failed is now a reversal (balance back up); processed → processed and anything from failed stay 409s.
test('a pending payment is settled once; a processed one can only be reversed (failed); anything else is a 409', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const reference = ref();
  const p = await call('POST', `/accounts/${account.accountNumber}/payments`, agent, { paidAt: new Date().toISOString(), reference, amountCents: 5_000, method: 'ach', status: 'pending' });
  const settled = await call('POST', `/payments/${p.body.id}/status`, agent, { status: 'processed' });
  assert.is(settled.status, 200);
  assert.is(settled.body.status, 'processed');
  assert.is(await balanceOf(account.id), -5_000);
  const before = await snapshot();
  const again = await call('POST', `/payments/${p.body.id}/status`, agent, { status: 'processed' });
  assert.is(again.status, 409);
  assert.is(again.body.error.details.currentStatus, 'processed');
  assert.is((await call('POST', '/payments/999999/status', agent, { status: 'failed' })).status, 404);
  assert.is((await call('POST', `/payments/${p.body.id}/status`, agent, { status: 'pending' })).status, 422);
  assert.equal(await snapshot(), before);
  const reversed = await call('POST', `/payments/${p.body.id}/status`, agent, { status: 'failed' });
  assert.is(reversed.status, 200);
  assert.is(reversed.body.status, 'failed');
  assert.is(await balanceOf(account.id), 0, 'a reversal gives the amount back to the balance');
  const twice = await call('POST', `/payments/${p.body.id}/status`, agent, { status: 'failed' });
  assert.is(twice.status, 409);
  assert.is(twice.body.error.details.currentStatus, 'failed');
  const bounce = await call('POST', `/accounts/${account.accountNumber}/payments`, agent, { paidAt: new Date().toISOString(), reference: ref(), amountCents: 700, method: 'check', status: 'pending' });
  const failed = await call('POST', `/payments/${bounce.body.id}/status`, agent, { status: 'failed' });
  assert.is(failed.body.status, 'failed');
  assert.is(await balanceOf(account.id), 0);
  assert.is(await count((q) => q.selectFrom('notification').where('idempotency_key', '=', `payment_failed:${bounce.body.reference}`)), 1);
});

test('bad payments are refused (409 duplicate reference, 422 fields, 404) and write nothing', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const other = await insertMinimalAccount(server.db.orm);
  const otherBill = await call('POST', `/accounts/${other.accountNumber}/bills`, admin,
    { periodStart: daysAgo(40), periodEnd: daysAgo(11), issuedAt: daysAgo(10), dueDate: today(), amountCents: 500, usage: 10 });
  const reference = ref();
  const good = { paidAt: new Date().toISOString(), reference, amountCents: 1_000, method: 'cash', status: 'processed' };
  assert.is((await call('POST', `/accounts/${account.accountNumber}/payments`, agent, good)).status, 201);
  const before = await snapshot();
  const cases: [string, unknown, number, string?][] = [
    [account.accountNumber, good, 409],
    [other.accountNumber, good, 409],
    [account.accountNumber, { ...good, reference: ref(), amountCents: undefined }, 422, 'amountCents'],
    [account.accountNumber, { ...good, reference: ref(), amountCents: 10.5 }, 422, 'amountCents'],
    [account.accountNumber, { ...good, reference: ref(), amountCents: '1000' }, 422, 'amountCents'],
    [account.accountNumber, { ...good, reference: ref(), amountCents: -5 }, 422, 'amountCents'],
    [account.accountNumber, { ...good, reference: ref(), method: 'bitcoin' }, 422, 'method'],
    [account.accountNumber, { ...good, reference: ref(), status: 'maybe' }, 422, 'status'],
    [account.accountNumber, { ...good, reference: ref(), paidAt: 'last tuesday' }, 422, 'paidAt'],
    [account.accountNumber, { ...good, reference: ref(), paidAt: new Date(Date.now() + 86400_000).toISOString() }, 422, 'paidAt'],
    [account.accountNumber, { ...good, reference: ref(), billId: otherBill.body.id }, 422, 'billId'],
    [account.accountNumber, { ...good, reference: '' }, 422, 'reference'],
    ['WU-99999', { ...good, reference: ref() }, 404],
  ];
  for (const [number, body, status, field] of cases) {
    const r = await call('POST', `/accounts/${number}/payments`, agent, body);
    assert.is(r.status, status, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
    if (field) assert.ok(r.body.error.details.fields[field], `${field} named in ${JSON.stringify(r.body)}`);
  }
  assert.equal(await snapshot(), before);
});

test('bills: admin only; the same bill again is a 200, a different one for the period a 409; bad values 422; nothing written', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const bill = { periodStart: daysAgo(40), periodEnd: daysAgo(11), issuedAt: daysAgo(10), dueDate: today(), amountCents: 8_000, usage: 3000 };
  const path = `/accounts/${account.accountNumber}/bills`;
  const created = await call('POST', path, admin, bill);
  assert.is(created.status, 201);
  assert.equal({ ...created.body, id: 0 }, { id: 0, ...bill, paidCents: 0, paidOn: null });
  const before = await snapshot();
  const again = await call('POST', path, admin, bill);
  assert.is(again.status, 200);
  assert.is(again.body.id, created.body.id);
  const cases: [string, string | null, unknown, number, string?][] = [
    [path, agent, bill, 403],
    [path, null, bill, 401],
    [path, admin, { ...bill, amountCents: 9_000 }, 409],
    [path, admin, { ...bill, periodStart: daysAgo(70), dueDate: daysAgo(20) }, 422, 'dueDate'],
    [path, admin, { ...bill, periodStart: daysAgo(70), periodEnd: daysAgo(80) }, 422, 'periodEnd'],
    [path, admin, { ...bill, periodStart: daysAgo(70), issuedAt: '2999-01-01', dueDate: '2999-02-01' }, 422, 'issuedAt'],
    [path, admin, { ...bill, periodStart: daysAgo(70), usage: -1 }, 422, 'usage'],
    [path, admin, { ...bill, periodStart: daysAgo(70), amountCents: 1.5 }, 422, 'amountCents'],
    [path, admin, { ...bill, periodStart: undefined }, 422, 'periodStart'],
    ['/accounts/WU-99999/bills', admin, bill, 404],
  ];
  for (const [p, token, body, status, field] of cases) {
    const r = await call('POST', p, token, body);
    assert.is(r.status, status, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
    if (field) assert.ok(r.body.error.details.fields[field], `${field} named`);
  }
  assert.equal(await snapshot(), before);
  assert.is(await balanceOf(account.id), 8_000);
});

test.run();
