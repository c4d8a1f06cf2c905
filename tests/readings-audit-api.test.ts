/**
 * Readings (enter, verify, reject, inspection order) and the audit log through the JSON API.
 * Every refusal is checked against the database: nothing is written when a request is refused.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../domain/common/database.js';
import { apiClient, startActivityApi, daysAgo, today } from './support/activity-client.js';
import type { TestServer } from './support/app-server.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { enterReading } from '../domain/readings/reading-verification.js';

let server: TestServer;
let agent: string;
let admin: string;
let client: ReturnType<typeof apiClient>;
let close: () => Promise<void>;

test.before(async () => {
  ({ server, agent, admin, client, close } = await startActivityApi('readings_api'));
});
test.after(async () => close());

const call = (...args: Parameters<typeof client.call>) => client.call(...args);
const query = () => db(server.db.orm.em);
const count = (...args: Parameters<typeof client.count>) => client.count(...args);
const snapshot = () => client.snapshot();

const NEW_ACCOUNT = {
  firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+1 555 123 4567', serviceAddress: '10 Analytical Way',
  ratePlan: 'Standard Residential', billingCycle: 'monthly', paymentMethod: 'manual',
};

test('readings: entered with flags, verified or rejected once; rejection re-measures the next reading', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const enter = (readAt: string, value: number) => call('POST', `/meters/${account.meterNumber}/readings`, agent, { readAt, value });
  const first = await enter(daysAgo(90), 1000);
  assert.is(first.status, 201, JSON.stringify(first.body));
  assert.equal([first.body.verificationStatus, first.body.flags, first.body.consumption], ['verified', [], null]);
  const second = await enter(daysAgo(60), 900);
  assert.equal([second.body.verificationStatus, second.body.flags, second.body.accountNumber], ['pending', ['regression'], account.accountNumber]);
  assert.is(await count((q) => q.selectFrom('notification').where('idempotency_key', '=', `anomalous_reading:${second.body.id}`)), 1);
  const third = await enter(daysAgo(30), 1100);
  assert.is(third.body.consumption, 200);
  const rejected = await call('POST', `/readings/${second.body.id}/reject`, agent);
  assert.is(rejected.status, 200);
  assert.is(rejected.body.verificationStatus, 'rejected');
  const [{ consumption }] = await query().selectFrom('reading').select('consumption').where('id', '=', third.body.id).execute();
  assert.is(Number(consumption), 100, 'the next reading counts from the last reading before the rejected one');
  const before = await snapshot();
  const twice = await call('POST', `/readings/${second.body.id}/verify`, agent);
  assert.is(twice.status, 409);
  assert.is(twice.body.error.details.currentStatus, 'rejected');
  assert.is((await call('POST', '/readings/999999/verify', agent)).status, 404);
  assert.is((await call('POST', '/readings/abc/verify', agent)).status, 404);
  assert.is((await call('POST', '/readings/2147483648/verify', agent)).status, 404);
  assert.equal(await snapshot(), before);
  const low = await enter(daysAgo(1), 50);
  const verified = await call('POST', `/readings/${low.body.id}/verify`, agent);
  assert.is(verified.body.verificationStatus, 'verified');
  const [entry] = await query().selectFrom('audit_log').select(['before', 'after'])
    .where('entity', '=', 'reading').where('entity_id', '=', String(low.body.id)).where('action', '=', 'reading.verify').execute();
  assert.equal([entry.before?.verificationStatus, entry.after?.verificationStatus], ['pending', 'verified']);
});

test('bad readings are refused with the field named (422) or 404, and write nothing', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const before = await snapshot();
  const cases: [string, unknown, number, string?][] = [
    [account.meterNumber, { readAt: today() }, 422, 'value'],
    [account.meterNumber, { readAt: today(), value: -1 }, 422, 'value'],
    [account.meterNumber, { readAt: today(), value: 1.5 }, 422, 'value'],
    [account.meterNumber, { readAt: 'today', value: 10 }, 422, 'readAt'],
    [account.meterNumber, { readAt: '2999-01-01', value: 10 }, 422, 'readAt'],
    ['M-NOPE', { readAt: today(), value: 10 }, 404],
  ];
  for (const [meter, body, status, field] of cases) {
    const r = await call('POST', `/meters/${meter}/readings`, agent, body);
    assert.is(r.status, status, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
    if (field) assert.ok(r.body.error.details.fields[field], `${field} named`);
  }
  assert.equal(await snapshot(), before);
});

test('one call turns a flagged reading into an inspection order; a second is a 409', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  await call('POST', `/meters/${account.meterNumber}/readings`, agent, { readAt: daysAgo(40), value: 5000 });
  const flagged = await call('POST', `/meters/${account.meterNumber}/readings`, agent, { readAt: daysAgo(5), value: 4000 });
  // No body at all is fine: the priority is optional.
  const response = await fetch(`${server.baseUrl}/api/v1/readings/${flagged.body.id}/inspection-order`, { method: 'POST', headers: { authorization: `Bearer ${agent}` } });
  const order = { status: response.status, body: (await response.json()) as { orderNumber: string; workflowState: string } };
  assert.is(order.status, 201, JSON.stringify(order.body));
  assert.match(order.body.orderNumber, /^SO-\d+$/);
  assert.is(order.body.workflowState, 'running');
  const detail = await call('GET', `/service-orders/${order.body.orderNumber}`, agent);
  assert.is(detail.body.type, 'inspection');
  assert.is(detail.body.accountNumber, account.accountNumber);
  assert.match(detail.body.description, account.meterNumber);
  assert.match(detail.body.description, 'below the previous reading');
  const [{ source_reading_id: source }] = await query().selectFrom('service_order').select('source_reading_id')
    .where('order_number', '=', order.body.orderNumber).execute();
  assert.is(source, flagged.body.id);
  const before = await snapshot();
  const again = await call('POST', `/readings/${flagged.body.id}/inspection-order`, agent, { priority: 'high' });
  assert.is(again.status, 409);
  assert.is(again.body.error.details.orderNumber, order.body.orderNumber);
  const first = await query().selectFrom('reading').select('id').where('meter_id', '=', account.meterId).orderBy('read_at').limit(1).execute();
  assert.is((await call('POST', `/readings/${first[0].id}/inspection-order`, agent, {})).status, 409, 'an unflagged reading has nothing to inspect');
  assert.is((await call('POST', '/readings/999999/inspection-order', agent, {})).status, 404);
  assert.is((await call('POST', `/readings/${flagged.body.id}/inspection-order`, agent, { priority: 'whenever' })).status, 422);
  assert.equal(await snapshot(), before);
});

test('the audit log: admin only, filtered, newest first, paginated', async () => {
  const { body: account } = await call('POST', '/accounts', agent, NEW_ACCOUNT);
  await call('PATCH', `/accounts/${account.accountNumber}`, agent, { version: 1, city: 'Paris' });
  assert.is((await call('GET', '/audit', agent)).status, 403);
  const page = await call('GET', `/audit?entity=account&entityId=${account.accountNumber}`, admin);
  assert.is(page.status, 200);
  assert.equal(page.body.items.map((e: { action: string }) => e.action), ['account.update', 'account.create']);
  assert.is(page.body.items[0].before.city, null);
  assert.is(page.body.items[0].after.city, 'Paris');
  const small = await call('GET', '/audit?pageSize=2&page=2', admin);
  assert.is(small.body.items.length, 2);
  assert.ok(small.body.total > 4);
  const [agentRow] = await query().selectFrom('app_user').select('id').where('role', '=', 'agent').execute();
  const mine = await call('GET', `/audit?user=${agentRow.id}&from=${today()}&to=${today()}`, admin);
  assert.ok(mine.body.items.length > 0);
  assert.ok(mine.body.items.every((e: { userId: number }) => e.userId === agentRow.id));
  const none = await call('GET', `/audit?from=2000-01-01&to=2000-01-31`, admin);
  assert.is(none.body.total, 0);
  assert.is((await call('GET', '/audit?from=yesterday', admin)).status, 422);
});


test('a flagged reading is written whole in one statement: reading, notification, its outbox message and the audit row', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const enter = (readAt: string, value: number) => call('POST', `/meters/${account.meterNumber}/readings`, agent, { readAt, value });
  assert.is((await enter(daysAgo(40), 5000)).status, 201);
  const flagged = await enter(daysAgo(10), 4000);
  assert.equal([flagged.status, flagged.body.verificationStatus, flagged.body.flags], [201, 'pending', ['regression']]);
  const notice = await query().selectFrom('notification').select(['id', 'account_id', 'payload'])
    .where('idempotency_key', '=', `anomalous_reading:${flagged.body.id}`).executeTakeFirstOrThrow();
  assert.is(notice.account_id, account.id);
  assert.equal((notice.payload as { flags: string[] }).flags, ['regression']);
  const messages = await query().selectFrom('outbox_message').select(['target', 'kind', 'payload'])
    .where(({ ref }) => ref('payload', '->>').key('notificationId' as never), '=', String(notice.id)).execute();
  assert.equal(messages.map((m) => [m.target, m.kind]), [['bullmq', 'send_notification']], 'one message for the sender, naming the notification');
  const audit = await query().selectFrom('audit_log').select(['after', 'request_id'])
    .where('action', '=', 'reading.create').where('entity_id', '=', String(flagged.body.id)).executeTakeFirstOrThrow();
  assert.equal((audit.after as { flags: string[] }).flags, ['regression']);
  assert.not.ok('supersededEstimates' in (audit.after as object), 'no estimates were open, so none are named');
  assert.ok(audit.request_id, 'the audit row names the request');
});

test('a reading refused after its checks (the meter serves another account) writes nothing, its id taken or not', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const other = await insertMinimalAccount(server.db.orm);
  const before = await snapshot();
  const em = server.db.orm.em.fork();
  const actor = { userId: null, name: 'test' };
  const refused = await enterReading(em, account.meterNumber, { readAt: daysAgo(5), value: 10 }, actor, 'UTC', other.accountNumber).then(() => null, (e: Error) => e);
  assert.match(refused?.message ?? 'no error', /on account/);
  assert.equal(await snapshot(), before);
  const kept = await enterReading(em, account.meterNumber, { readAt: daysAgo(5), value: 10 }, actor, 'UTC', account.accountNumber);
  assert.is(kept.accountNumber, account.accountNumber);
  assert.is(await count((q) => q.selectFrom('reading').where('id', '=', kept.id)), 1);
});

test('the OpenAPI document describes every write endpoint', async () => {
  const doc = await (await fetch(`${server.baseUrl}/api/v1/openapi.json`, { headers: { authorization: `Bearer ${agent}` } })).json() as { paths: Record<string, Record<string, unknown>> };
  const expected: [string, string][] = [
    ['/accounts', 'post'], ['/accounts/{accountNumber}', 'patch'], ['/accounts/{accountNumber}/payments', 'post'],
    ['/payments/{id}/status', 'post'], ['/accounts/{accountNumber}/bills', 'post'], ['/meters/{meterNumber}/readings', 'post'],
    ['/readings/{id}/verify', 'post'], ['/readings/{id}/reject', 'post'], ['/readings/{id}/inspection-order', 'post'], ['/audit', 'get'],
  ];
  for (const [path, method] of expected) assert.ok(doc.paths[path]?.[method], `${method} ${path}`);
});

test.run();
