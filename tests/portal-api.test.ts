/**
 * The consumer's own JSON API (/api/v1/me, docs/api.md): each route's happy path, bad payloads
 * answered 422 naming the field with nothing written, staff refused (403), and every route given
 * another account's ids answering 404.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../domain/common/database.js';
import { utilityIsoDay } from '../domain/common/calendar.js';
import { apiToken, type SignedIn } from './support/browser-session.js';
import { createUser, type TestServer } from './support/app-server.js';
import { consumerSession } from './support/consumer.js';
import { insertMinimalAccount, insertTechnician } from './support/minimal-account.js';
import { startServerWithWorker, type ServerWithWorker } from './support/server-with-worker.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';
import { insertRow } from './support/rows.js';

let server: TestServer;
let app: ServerWithWorker;
let adminToken: string;
let mine: Awaited<ReturnType<typeof insertMinimalAccount>>;
let theirs: Awaited<ReturnType<typeof insertMinimalAccount>>;
let me: SignedIn;
let them: SignedIn;

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4]);
const WEBP = Uint8Array.from([...Buffer.from('RIFF'), 0x24, 0, 0, 0, ...Buffer.from('WEBPVP8 '), 1, 2, 3]);
const today = () => utilityIsoDay(new Date(), TEST_TIME_ZONE);
const daysAgo = (n: number) => utilityIsoDay(new Date(Date.now() - n * 86_400_000), TEST_TIME_ZONE);
const query = () => db(server.db.orm.em.fork());
const count = async (table: 'reading' | 'service_order' | 'complaint' | 'document' | 'audit_log') =>
  (await query().selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

test.before(async () => {
  app = await startServerWithWorker('portal_api', { PHOTO_MAX_BYTES: '2048' });
  ({ server } = app);
  const admin = await createUser(server.db, 'admin');
  adminToken = await apiToken(server.baseUrl, admin.email, admin.password);
  mine = await insertMinimalAccount(server.db.orm);
  theirs = await insertMinimalAccount(server.db.orm);
  me = await consumerSession(server, mine.id);
  them = await consumerSession(server, theirs.id);
});
test.after(async () => {
  await app.close();
});

/** A call as the portal's page makes it: the session cookie and its CSRF token. */
async function call(session: SignedIn | null, method: string, path: string, payload?: unknown) {
  const multipart = payload instanceof FormData;
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: {
      origin: server.baseUrl, ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
      ...(payload !== undefined && !multipart ? { 'content-type': 'application/json' } : {}),
    },
    body: payload === undefined ? undefined : multipart ? payload : JSON.stringify(payload),
  });
  const text = await response.text();
  let body: any = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = text; }
  return { status: response.status, body, headers: response.headers };
}

async function staffApi(method: string, path: string, payload?: unknown) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${adminToken}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
    body: payload ? JSON.stringify(payload) : undefined,
  });
  return { status: response.status, body: await response.json() as any };
}

test('GET /me: my account, live balance, what is due, preferences; staff 403, nobody 401', async () => {
  const bill = await staffApi('POST', `/accounts/${mine.accountNumber}/bills`, {
    periodStart: daysAgo(60), periodEnd: daysAgo(31), issuedAt: daysAgo(30), dueDate: daysAgo(5), amountCents: 5000, usage: 3000,
  });
  assert.is(bill.status, 201, JSON.stringify(bill.body));
  const paid = await staffApi('POST', `/accounts/${mine.accountNumber}/payments`, {
    paidAt: daysAgo(2), reference: `PORTAL-${randomBytes(3).toString('hex')}`, amountCents: 2000, method: 'cash', status: 'processed',
  });
  assert.is(paid.status, 201, JSON.stringify(paid.body));
  const { status, body } = await call(me, 'GET', '/me');
  assert.is(status, 200);
  assert.is(body.accountNumber, mine.accountNumber);
  assert.is(body.balanceCents, 3000);
  assert.is(body.overdueCents, 3000);
  assert.equal(body.due.map((d: any) => [d.remainingCents, d.overdue]), [[3000, true]]);
  assert.equal(body.quietHours, { from: '21:00', to: '08:00', usesDefault: true });
  assert.is(body.notificationChannel, 'email');
  assert.is((await call(null, 'GET', '/me')).status, 401);
  const agent = await createUser(server.db, 'agent', 'portal-agent@example.com');
  const agentToken = await apiToken(server.baseUrl, agent.email, agent.password);
  const staff = await fetch(`${server.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${agentToken}` } });
  assert.is(staff.status, 403);
  assert.is((await call(me, 'GET', `/accounts/${mine.accountNumber}`)).status, 403, 'a consumer reaches no staff route');
});

test('GET /me/bills and /me/payments: my own records, the payment with the bill it paid', async () => {
  const bills = await call(me, 'GET', '/me/bills');
  assert.is(bills.status, 200);
  assert.is(bills.body.items.length, 1);
  assert.is(bills.body.items[0].paidCents, 2000);
  const payments = await call(me, 'GET', '/me/payments');
  assert.is(payments.body.items.length, 1);
  assert.equal(payments.body.items[0].allocations.map((a: any) => [a.billId, a.amountCents]), [[bills.body.items[0].id, 2000]]);
  assert.equal((await call(them, 'GET', '/me/bills')).body.items, [], 'another consumer sees none of it');
  assert.is((await call(me, 'GET', '/me/bills?pageSize=500')).status, 422);
});

test('POST /me/readings: checked and recorded as the customer’s; bad values 422 naming the field, nothing written', async () => {
  const first = await call(me, 'POST', '/me/readings', { readAt: daysAgo(40), value: 1000 });
  assert.is(first.status, 201, JSON.stringify(first.body));
  assert.is(first.body.meterNumber, mine.meterNumber);
  const regression = await call(me, 'POST', '/me/readings', { readAt: today(), value: 900 });
  assert.is(regression.status, 201);
  assert.equal(regression.body.flags, ['regression']);
  assert.is(regression.body.verificationStatus, 'pending', 'a flagged reading waits for an agent');
  const row = await query().selectFrom('reading').select(['source', 'created_by_id']).where('id', '=', regression.body.id).executeTakeFirstOrThrow();
  assert.equal(row, { source: 'customer', created_by_id: (me as any).userId });
  const audit = await query().selectFrom('audit_log').select(['user_id', 'action']).where('entity', '=', 'reading').where('entity_id', '=', String(regression.body.id)).executeTakeFirstOrThrow();
  assert.equal(audit, { user_id: (me as any).userId, action: 'reading.submit' });
  const list = await call(me, 'GET', '/me/readings');
  assert.is(list.body.total, 2);
  const before = await count('reading');
  for (const [payload, field] of [
    [{ readAt: today(), value: -1 }, 'value'], [{ readAt: today(), value: 'lots' }, 'value'], [{ value: 5 }, 'readAt'],
    [{ readAt: '2999-01-01', value: 5 }, 'readAt'], [{ readAt: 'yesterday', value: 5 }, 'readAt'],
  ] as const) {
    const bad = await call(me, 'POST', '/me/readings', payload);
    assert.is(bad.status, 422, JSON.stringify(payload));
    assert.ok(field in bad.body.error.details.fields, `${JSON.stringify(payload)} names ${field}: ${JSON.stringify(bad.body)}`);
  }
  assert.is(await count('reading'), before);
});

test('POST /me/service-orders: through the staff path onto the board; only the four portal types', async () => {
  const created = await call(me, 'POST', '/me/service-orders', { type: 'repair', description: 'Leak by the meter box' });
  assert.is(created.status, 201, JSON.stringify(created.body));
  const board = await staffApi('GET', '/service-orders?status=created');
  assert.ok(board.body.items.some((o: any) => o.orderNumber === created.body.orderNumber && o.accountNumber === mine.accountNumber), 'on the dispatcher board');
  const mineNow = await call(me, 'GET', `/me/service-orders/${created.body.orderNumber}`);
  assert.is(mineNow.status, 200);
  assert.is(mineNow.body.status, 'created');
  const audit = await query().selectFrom('audit_log').select('user_id').where('action', '=', 'service_order.create').where('entity_id', '=', created.body.orderNumber).executeTakeFirstOrThrow();
  assert.is(audit.user_id, (me as any).userId);
  const before = await count('service_order');
  for (const [payload, field] of [
    [{ type: 'transfer', description: 'x' }, 'type'], [{ type: 'repair', description: '' }, 'description'],
    [{ type: 'repair' }, 'description'], [{ type: 'repair', description: 'a\u0000b' }, 'description'],
  ] as const) {
    const bad = await call(me, 'POST', '/me/service-orders', payload);
    assert.is(bad.status, 422, JSON.stringify(payload));
    assert.ok(field in bad.body.error.details.fields, JSON.stringify(bad.body));
  }
  assert.is(await count('service_order'), before);
});

test('POST /me/service-orders/{n}/cancel: while created it is cancelled; after that 409', async () => {
  const created = await call(me, 'POST', '/me/service-orders', { type: 'inspection', description: 'Please check the pressure' });
  assert.is(created.status, 201);
  const n = created.body.orderNumber;
  let cancelled = await call(me, 'POST', `/me/service-orders/${n}/cancel`);
  for (let i = 0; i < 20 && cancelled.status === 409 && cancelled.body.error.details?.reason === 'waiting_to_start'; i++) {
    await new Promise((r) => setTimeout(r, 250));
    cancelled = await call(me, 'POST', `/me/service-orders/${n}/cancel`);
  }
  assert.is(cancelled.status, 200, JSON.stringify(cancelled.body));
  assert.is(cancelled.body.status, 'cancelled');
  const again = await call(me, 'POST', `/me/service-orders/${n}/cancel`);
  assert.is(again.status, 409);
  assert.is(again.body.error.details.currentStatus, 'cancelled');
});

test('a consumer’s cancel that meets an order a dispatcher assigned a moment before is a 409, and the assignment stands', async () => {
  const created = await call(me, 'POST', '/me/service-orders', { type: 'inspection', description: 'Please check the meter box' });
  assert.is(created.status, 201);
  const n = created.body.orderNumber as string;
  const technicianId = await insertTechnician(server.db.orm, ['inspection']);
  let assigned = await staffApi('POST', `/service-orders/${n}/assign`, { technicianId });
  for (let i = 0; i < 20 && assigned.status === 409; i++) { // the workflow may still be starting
    await new Promise((r) => setTimeout(r, 250));
    assigned = await staffApi('POST', `/service-orders/${n}/assign`, { technicianId });
  }
  assert.is(assigned.status, 200);
  // The race: the portal read the order while it was still `created`, just before the assignment was recorded.
  await db(server.db.orm.em).updateTable('service_order').set({ status: 'created' }).where('order_number', '=', n).execute();
  const cancelled = await call(me, 'POST', `/me/service-orders/${n}/cancel`);
  assert.is(cancelled.status, 409, JSON.stringify(cancelled.body));
  assert.equal([cancelled.body.error.details.reason, cancelled.body.error.details.currentStatus], ['not_cancellable', 'assigned']);
  const moves = await db(server.db.orm.em).selectFrom('service_order_transition as t').innerJoin('service_order as o', 'o.id', 't.order_id')
    .select('t.action').where('o.order_number', '=', n).orderBy('t.sequence').execute();
  assert.equal(moves.map((m) => m.action), ['create', 'assign'], 'no cancel recorded');
});

test('POST /me/problems: a complaint with the photo kept as a document; a non-image 422 naming photo, nothing written', async () => {
  const form = new FormData();
  form.set('description', 'Brown water from the kitchen tap');
  form.set('category', 'water quality');
  form.set('photo', new File([WEBP], 'tap.webp', { type: 'image/webp' }));
  const reported = await call(me, 'POST', '/me/problems', form);
  assert.is(reported.status, 201, JSON.stringify(reported.body));
  assert.is(reported.body.category, 'water quality');
  assert.ok(reported.body.photoDocumentId);
  const photo = await fetch(`${server.baseUrl}/api/v1/me/problems/${reported.body.id}/photo`, { headers: { cookie: me.cookie } });
  assert.is(photo.status, 200);
  assert.is(photo.headers.get('content-type'), 'image/webp');
  assert.equal(new Uint8Array(await photo.arrayBuffer()), WEBP);
  const document = await query().selectFrom('document').select(['account_id', 'kind']).where('id', '=', reported.body.photoDocumentId).executeTakeFirstOrThrow();
  assert.equal(document, { account_id: mine.id, kind: 'other' });
  const plain = new FormData();
  plain.set('description', 'No photo this time');
  plain.set('photo', new File([], ''), '');
  assert.is((await call(me, 'POST', '/me/problems', plain)).status, 201, 'an empty file part is no photo');

  const before = await Promise.all([count('complaint'), count('document')]);
  const cases: Array<[string, () => FormData, string, number]> = [
    ['HTML named .png', () => { const f = new FormData(); f.set('description', 'x'); f.set('photo', new File(['<html><script>1</script>'], 'a.png', { type: 'image/png' })); return f; }, 'photo', 422],
    ['a PDF', () => { const f = new FormData(); f.set('description', 'x'); f.set('photo', new File(['%PDF-1.7'], 'a.pdf')); return f; }, 'photo', 422],
    ['no description', () => { const f = new FormData(); f.set('photo', new File([PNG], 'a.png')); return f; }, 'description', 422],
    ['an unknown topic', () => { const f = new FormData(); f.set('description', 'x'); f.set('category', 'aliens'); return f; }, 'category', 422],
  ];
  for (const [name, make, field, status] of cases) {
    const bad = await call(me, 'POST', '/me/problems', make());
    assert.is(bad.status, status, name);
    assert.ok(field in bad.body.error.details.fields, `${name}: ${JSON.stringify(bad.body)}`);
  }
  const big = new FormData();
  big.set('description', 'x');
  big.set('photo', new File([PNG, new Uint8Array(4096)], 'big.png'));
  assert.is((await call(me, 'POST', '/me/problems', big)).status, 413, 'beyond PHOTO_MAX_BYTES');
  assert.equal(await Promise.all([count('complaint'), count('document')]), before);
});

test('PATCH /me/preferences: channel, opt-out and quiet hours written on the account and audited; bad values 422, nothing written', async () => {
  const changed = await call(me, 'PATCH', '/me/preferences', { notificationChannel: 'sms', optOut: true, quietHours: { from: '22:30', to: '07:00' } });
  assert.is(changed.status, 200, JSON.stringify(changed.body));
  assert.equal(changed.body, { notificationChannel: 'sms', optOut: true, quietHours: { from: '22:30', to: '07:00', usesDefault: false } });
  const row = await query().selectFrom('account').select(['preferred_channel', 'notifications_opt_out', 'quiet_hours_start', 'quiet_hours_end']).where('id', '=', mine.id).executeTakeFirstOrThrow();
  assert.equal(row, { preferred_channel: 'sms', notifications_opt_out: true, quiet_hours_start: '22:30', quiet_hours_end: '07:00' });
  const audit = await query().selectFrom('audit_log').select('user_id').where('action', '=', 'account.preferences').executeTakeFirstOrThrow();
  assert.is(audit.user_id, (me as any).userId);
  for (const [payload, field] of [
    [{ quietHours: { from: '25:00', to: '07:00' } }, 'quietHours.from'], [{ quietHours: { from: '07:00', to: '07:00' } }, 'quietHours.to'],
    [{ notificationChannel: 'pigeon' }, 'notificationChannel'], [{ optOut: 'yes' }, 'optOut'],
  ] as const) {
    const bad = await call(me, 'PATCH', '/me/preferences', payload);
    assert.is(bad.status, 422, JSON.stringify(payload));
    assert.ok(field in bad.body.error.details.fields, JSON.stringify(bad.body));
  }
  const after = await query().selectFrom('account').select(['preferred_channel', 'notifications_opt_out', 'quiet_hours_start', 'quiet_hours_end']).where('id', '=', mine.id).executeTakeFirstOrThrow();
  assert.equal(after, row);
  const back = await call(me, 'PATCH', '/me/preferences', { quietHours: null, optOut: false });
  assert.equal(back.body.quietHours, { from: '21:00', to: '08:00', usesDefault: true });
});

test('GET /me/notifications: the system notifications sent to me, nothing else', async () => {
  const now = sql<Date>`now()`;
  await insertRow(query(), 'communication', { account_id: mine.id, channel: 'system', direction: 'to_customer', subject: 'Order received', body: 'We have your request.', occurred_at: now, created_at: now });
  await insertRow(query(), 'communication', { account_id: mine.id, channel: 'phone', direction: 'from_customer', body: 'Called about the bill', occurred_at: now, created_at: now });
  await insertRow(query(), 'communication', { account_id: theirs.id, channel: 'system', direction: 'to_customer', subject: 'Theirs', body: 'Not yours', occurred_at: now, created_at: now });
  const list = await call(me, 'GET', '/me/notifications');
  assert.is(list.status, 200);
  assert.equal(list.body.items.map((n: any) => n.subject), ['Order received']);
});

test('every /me route given another account’s record answers 404, and changes nothing', async () => {
  const order = await call(them, 'POST', '/me/service-orders', { type: 'repair', description: 'Their leak' });
  const reading = await call(them, 'POST', '/me/readings', { readAt: daysAgo(3), value: 50 });
  const form = new FormData();
  form.set('description', 'Their problem');
  form.set('photo', new File([PNG], 'p.png'));
  const problem = await call(them, 'POST', '/me/problems', form);
  assert.equal([order.status, reading.status, problem.status], [201, 201, 201]);
  const cases: Array<[string, string, unknown?]> = [
    ['GET', `/me/service-orders/${order.body.orderNumber}`],
    ['POST', `/me/service-orders/${order.body.orderNumber}/cancel`],
    ['GET', `/me/readings/${reading.body.id}`],
    ['GET', `/me/problems/${problem.body.id}/photo`],
    ['POST', '/me/readings', { readAt: today(), value: 60, meterNumber: theirs.meterNumber }],
  ];
  for (const [method, path, payload] of cases) {
    const answer = await call(me, method, path, payload);
    assert.is(answer.status, 404, `${method} ${path}: ${JSON.stringify(answer.body)}`);
    assert.is((await call(them, method === 'POST' && path.endsWith('/readings') ? 'GET' : 'GET', path.endsWith('/cancel') ? path.replace('/cancel', '') : path.endsWith('/readings') ? '/me/readings' : path)).status, 200, `${path} is theirs`);
  }
  const still = await call(them, 'GET', `/me/service-orders/${order.body.orderNumber}`);
  assert.is(still.body.status, 'created', 'their order was not cancelled');
  assert.is((await call(them, 'GET', '/me/readings')).body.total, 1, 'no reading written on their meter');
});

test('the /me routes are in the OpenAPI document', async () => {
  const doc = await (await fetch(`${server.baseUrl}/api/v1/openapi.json`)).json() as any;
  for (const path of ['/me', '/me/bills', '/me/payments', '/me/readings', '/me/service-orders', '/me/notifications', '/me/problems', '/me/preferences', '/me/service-orders/{orderNumber}/cancel']) {
    assert.ok(doc.paths[path], path);
  }
});

test.run();
