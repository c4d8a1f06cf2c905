/** The service-order and technician JSON API, end to end with a Temporal worker. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../domain/common/database.js';
import { apiToken } from './support/browser-session.js';
import { createUser, type TestServer } from './support/app-server.js';
import { insertMinimalAccount, insertTechnician } from './support/minimal-account.js';
import { startServerWithWorker, type ServerWithWorker } from './support/server-with-worker.js';

let server: TestServer;
let app: ServerWithWorker;
let dispatcher: string;
let agent: string;
let technicianId: number;

test.before(async () => {
  app = await startServerWithWorker('so_api');
  ({ server } = app);
  const d = await createUser(server.db, 'dispatcher');
  const a = await createUser(server.db, 'agent');
  dispatcher = await apiToken(server.baseUrl, d.email, d.password);
  agent = await apiToken(server.baseUrl, a.email, a.password);
  technicianId = await insertTechnician(server.db.orm, ['repair', 'disconnection', 'meter_reading']);
});
test.after(async () => {
  await app.close();
});

async function call(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
const rows = () => db(server.db.orm.em);
const orderCount = async () => (await rows().selectFrom('service_order').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow()).count;
const orderStatus = async (orderNumber: string) =>
  (await rows().selectFrom('service_order').select('status').where('order_number', '=', orderNumber).executeTakeFirstOrThrow()).status;
const future = (days: number) => new Date(Date.now() + days * 86400_000).toISOString();

async function createOrder(body: Record<string, unknown>) {
  const created = await call('POST', '/service-orders', agent, body);
  assert.is(created.status, 201, JSON.stringify(created.body));
  return created.body.orderNumber as string;
}

test('an agent creates an order: 201 with its number, status and running workflow', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const created = await call('POST', '/service-orders', agent, { accountNumber: account.accountNumber.toLowerCase(), type: 'repair', description: 'Leak', priority: 'high' });
  assert.is(created.status, 201);
  assert.match(created.body.orderNumber, /^SO-\d+$/);
  assert.is(created.body.status, 'created');
  assert.is(created.body.workflowId, `service-order-${created.body.orderNumber}`);
  assert.is(created.body.workflowState, 'running');
  const order = await call('GET', `/service-orders/${created.body.orderNumber}`, agent);
  assert.is(order.status, 200);
  assert.is(order.body.accountNumber, account.accountNumber);
  assert.is(order.body.priority, 'high');
  assert.equal(order.body.history.map((h: { to: string }) => h.to), ['created']);
});

test('bad creations are refused and write nothing', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const before = await orderCount();
  const cases: [Record<string, unknown>, number, string?][] = [
    [{ accountNumber: account.accountNumber, type: 'teleport', description: 'x' }, 422, 'type'],
    [{ accountNumber: account.accountNumber, type: 'repair' }, 422, 'description'],
    [{ accountNumber: account.accountNumber, type: 'repair', description: 'x', priority: 'whenever' }, 422, 'priority'],
    [{ accountNumber: 'WU-99999', type: 'repair', description: 'x' }, 404],
    [{ accountNumber: account.accountNumber, type: 'transfer', description: 'x' }, 422, 'targetAccountNumber'],
    [{ accountNumber: account.accountNumber, type: 'transfer', description: 'x', targetAccountNumber: account.accountNumber }, 422, 'targetAccountNumber'],
  ];
  for (const [body, status, field] of cases) {
    const response = await call('POST', '/service-orders', agent, body);
    assert.is(response.status, status, JSON.stringify(body));
    if (field) assert.ok(response.body.error.details.fields[field], `field ${field} named`);
  }
  const after = await orderCount();
  assert.is(after, before);
});

test('a dispatcher takes an order through its lifecycle; each answer is the order as it now is', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const order = await createOrder({ accountNumber: account.accountNumber, type: 'disconnection', description: 'Non-payment' });
  let r = await call('POST', `/service-orders/${order}/assign`, dispatcher, { technicianId });
  assert.is(r.status, 200);
  assert.is(r.body.status, 'assigned');
  assert.is(r.body.technician.id, technicianId);
  r = await call('POST', `/service-orders/${order}/schedule`, dispatcher, { scheduledFor: future(2), windowMinutes: 120 });
  assert.is(r.body.status, 'scheduled');
  assert.is(r.body.windowMinutes, 120);
  r = await call('POST', `/service-orders/${order}/start`, dispatcher, {});
  assert.is(r.body.status, 'in_progress');
  r = await call('POST', `/service-orders/${order}/complete`, dispatcher, { note: 'Valve closed' });
  assert.is(r.status, 200);
  assert.is(r.body.status, 'completed');
  assert.ok(r.body.completedAt);
  assert.equal(r.body.history.map((h: { action: string }) => h.action), ['create', 'assign', 'schedule', 'start', 'complete']);
  const acc = await rows().selectFrom('account').select(['status', 'disconnection_kind']).where('id', '=', account.id).executeTakeFirstOrThrow();
  assert.equal(acc, { status: 'disconnected', disconnection_kind: 'temporary' });
});

test('an illegal move gets 409 with the current status and writes nothing', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const order = await createOrder({ accountNumber: account.accountNumber, type: 'repair', description: 'Burst pipe' });
  const count = async () => (await rows().selectFrom('service_order_transition as t').innerJoin('service_order as o', 'o.id', 't.order_id')
    .select((eb) => eb.fn.countAll<string>().as('count')).where('o.order_number', '=', order).executeTakeFirstOrThrow()).count;
  const before = await count();
  const r = await call('POST', `/service-orders/${order}/complete`, dispatcher, {});
  assert.is(r.status, 409);
  assert.is(r.body.error.details.currentStatus, 'created');
  assert.match(r.body.error.message, 'Cannot complete');
  assert.is(await count(), before);
  assert.is(await orderStatus(order), 'created');
});

test('assigning needs a qualified technician; scheduling needs a future time; bad bodies 422', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const order = await createOrder({ accountNumber: account.accountNumber, type: 'installation', description: 'New service' });
  const unqualified = await call('POST', `/service-orders/${order}/assign`, dispatcher, { technicianId });
  assert.is(unqualified.status, 422);
  assert.ok(unqualified.body.error.details.fields.technicianId);
  const unknown = await call('POST', `/service-orders/${order}/assign`, dispatcher, { technicianId: 999999 });
  assert.is(unknown.status, 422);
  const installer = await insertTechnician(server.db.orm, ['installation']);
  assert.is((await call('POST', `/service-orders/${order}/assign`, dispatcher, { technicianId: installer })).status, 200);
  const past = await call('POST', `/service-orders/${order}/schedule`, dispatcher, { scheduledFor: future(-1) });
  assert.is(past.status, 422);
  const garbage = await call('POST', `/service-orders/${order}/schedule`, dispatcher, { scheduledFor: 'tomorrow-ish' });
  assert.is(garbage.status, 422);
  const noReason = await call('POST', `/service-orders/${order}/cancel`, dispatcher, { reason: '' });
  assert.is(noReason.status, 422);
  assert.is(await orderStatus(order), 'assigned');
});

test('unknown orders are 404, and so are malformed order numbers; roles enforced', async () => {
  assert.is((await call('POST', '/service-orders/SO-999999/start', dispatcher, {})).status, 404);
  assert.is((await call('GET', '/service-orders/SO-999999', agent)).status, 404);
  assert.is((await call('GET', '/service-orders/not-an-order', agent)).status, 404);
  assert.is((await call('GET', '/service-orders', agent)).status, 403);
  assert.is((await call('POST', '/service-orders/SO-1/start', agent, {})).status, 403);
  assert.is((await call('GET', '/technicians', agent)).status, 403);
  const noAuth = await fetch(`${server.baseUrl}/api/v1/service-orders`);
  assert.is(noAuth.status, 401);
});

test('the board filters by status, type, priority, technician and overdue', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const urgent = await createOrder({ accountNumber: account.accountNumber, type: 'repair', description: 'Main break', priority: 'emergency' });
  await call('POST', `/service-orders/${urgent}/assign`, dispatcher, { technicianId });
  const all = await call('GET', '/service-orders?pageSize=200', dispatcher);
  assert.is(all.status, 200);
  assert.ok(all.body.total >= 1);
  const emergency = await call('GET', '/service-orders?priority=emergency&status=assigned', dispatcher);
  assert.ok(emergency.body.items.some((o: { orderNumber: string }) => o.orderNumber === urgent));
  assert.ok(emergency.body.items.every((o: { priority: string; status: string }) => o.priority === 'emergency' && o.status === 'assigned'));
  const byTech = await call('GET', `/service-orders?technician=${technicianId}&type=repair`, dispatcher);
  assert.ok(byTech.body.items.every((o: { technician: { id: number } }) => o.technician.id === technicianId));
  await rows().updateTable('service_order').set({ overdue: true }).where('order_number', '=', urgent).execute();
  const overdue = await call('GET', '/service-orders?overdue=true', dispatcher);
  assert.equal(overdue.body.items.map((o: { orderNumber: string }) => o.orderNumber), [urgent]);
  assert.is((await call('GET', '/service-orders?status=lost', dispatcher)).status, 422);
  assert.is((await call('GET', '/service-orders?pageSize=500', dispatcher)).status, 422);
});

test('a completed order is rated once, 1 to 5', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const order = await createOrder({ accountNumber: account.accountNumber, type: 'repair', description: 'Drip' });
  assert.is((await call('POST', `/service-orders/${order}/rating`, agent, { rating: 5 })).status, 409, 'not completed yet');
  await call('POST', `/service-orders/${order}/assign`, dispatcher, { technicianId });
  await call('POST', `/service-orders/${order}/schedule`, dispatcher, { scheduledFor: future(1) });
  await call('POST', `/service-orders/${order}/start`, dispatcher, {});
  await call('POST', `/service-orders/${order}/complete`, dispatcher, {});
  assert.is((await call('POST', `/service-orders/${order}/rating`, agent, { rating: 7 })).status, 422);
  const rated = await call('POST', `/service-orders/${order}/rating`, agent, { rating: 4 });
  assert.is(rated.status, 200);
  assert.is(rated.body.rating, 4);
  assert.is((await call('POST', `/service-orders/${order}/rating`, agent, { rating: 5 })).status, 409);
  const again = await call('POST', `/service-orders/${order}/start`, dispatcher, {});
  assert.is(again.status, 409);
  assert.is(again.body.error.details.currentStatus, 'completed');
});

test('a meter-reading order is completed with its reading, which goes through the checks', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const order = await createOrder({ accountNumber: account.accountNumber, type: 'meter_reading', description: 'Special read' });
  await call('POST', `/service-orders/${order}/assign`, dispatcher, { technicianId });
  await call('POST', `/service-orders/${order}/schedule`, dispatcher, { scheduledFor: future(1) });
  await call('POST', `/service-orders/${order}/start`, dispatcher, {});
  const without = await call('POST', `/service-orders/${order}/complete`, dispatcher, {});
  assert.is(without.status, 422);
  const done = await call('POST', `/service-orders/${order}/complete`, dispatcher, { reading: { value: 12580, readAt: '2026-11-01' } });
  assert.is(done.status, 200);
  const reading = await rows().selectFrom('reading').select(['value', 'source']).where('meter_id', '=', account.meterId).executeTakeFirstOrThrow();
  assert.equal(reading, { value: 12580, source: 'service_order' });
});

test('technicians: a dispatcher adds one with skills and lists them by skill', async () => {
  const created = await call('POST', '/technicians', dispatcher, { name: 'Riley Reader', skills: ['meter_reading', 'inspection'] });
  assert.is(created.status, 201);
  assert.equal(created.body.skills, ['meter_reading', 'inspection']);
  const listed = await call('GET', '/technicians?skill=inspection', dispatcher);
  assert.ok(listed.body.items.some((t: { id: number }) => t.id === created.body.id));
  assert.ok(listed.body.items.every((t: { skills: string[] }) => t.skills.includes('inspection')));
  assert.is((await call('POST', '/technicians', dispatcher, { name: 'No Skills', skills: [] })).status, 422);
  assert.is((await call('POST', '/technicians', dispatcher, { name: 'Bad', skills: ['flying'] })).status, 422);
});

test('the OpenAPI document lists the service-order routes', async () => {
  const doc = await call('GET', '/openapi.json', agent);
  for (const path of ['/service-orders', '/service-orders/{orderNumber}', '/service-orders/{orderNumber}/assign', '/service-orders/{orderNumber}/rating', '/technicians']) {
    assert.ok(doc.body.paths[path], path);
  }
});

test.run();
