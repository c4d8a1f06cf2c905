/** The profile's JSON endpoints: shapes, roles, unknown records and paging. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { averageMonthlyUsage } from '../domain/billing/billing-overview.js';
import { paymentCompliance } from '../domain/billing/payment-compliance.js';
import { allocatePayments } from '../domain/billing/allocation.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';
import { insertAccountFixture, type AccountFixture } from './support/account-fixture.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { apiToken } from './support/browser-session.js';

let server: TestServer;
let john: AccountFixture;
let flagged: AccountFixture;
const tokens: Record<string, string> = {};

test.before(async () => {
  server = await startTestServer('profile_api');
  for (const role of ['agent', 'dispatcher', 'admin'] as const) {
    const user = await createUser(server.db, role);
    tokens[role] = await apiToken(server.baseUrl, user.email, user.password);
  }
  john = await insertAccountFixture(server.db.orm, { accountNumber: 'WU-10001', meterNumber: 'M-5678', deviceNumber: 'D-9012' });
  flagged = await insertAccountFixture(server.db.orm, { accountNumber: 'WU-10002', openFlag: 'tampering', records: false });
});
test.after(async () => server.close());

async function get<T = any>(path: string, role = 'agent'): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${tokens[role]}` } });
  return { status: response.status, body: (await response.json()) as T };
}

/** The fixture's money as the rules take it. */
const ruleBills = (fx: AccountFixture) => fx.bills.map((b) => ({ ...b, id: String(b.id) }));
/** The allocations the rule gives the fixture's bills and payments (what the services store). */
const ruleAllocations = (fx: AccountFixture) => allocatePayments(fx.bills, fx.payments, TEST_TIME_ZONE)
  .map((a) => ({ billId: String(a.billId), amountCents: a.amountCents, appliedOn: a.appliedOn }));

const LIST_PATHS = ['bills', 'payments', 'meters', 'readings', 'service-orders', 'communications', 'notes', 'complaints', 'documents'];

test('no credentials: 401 on every profile endpoint', async () => {
  for (const path of ['/accounts/WU-10001', '/accounts/WU-10001/health', '/accounts/WU-10001/billing-overview',
    ...LIST_PATHS.map((p) => `/accounts/WU-10001/${p}`), '/meters/M-5678/readings']) {
    const response = await fetch(`${server.baseUrl}/api/v1${path}`);
    assert.is(response.status, 401, path);
    assert.is(((await response.json()) as { error: { code: string } }).error.code, 'unauthorized');
  }
});

test('every role may read a profile', async () => {
  for (const role of ['agent', 'dispatcher', 'admin']) assert.is((await get('/accounts/WU-10001', role)).status, 200, role);
});

test('unknown accounts and meters: 404 JSON', async () => {
  for (const path of ['/accounts/WU-99999', '/accounts/nonsense', '/accounts/WU-99999/health', '/accounts/WU-99999/billing-overview',
    ...LIST_PATHS.map((p) => `/accounts/WU-99999/${p}`), '/meters/M-0000/readings']) {
    const { status, body } = await get(path);
    assert.is(status, 404, path);
    assert.is(body.error.code, 'not_found', path);
  }
});

test('the account: header fields with live balance, health, VIP and alerts; lower-case number accepted', async () => {
  const { status, body } = await get('/accounts/wu-10001');
  assert.is(status, 200);
  assert.is(body.accountNumber, 'WU-10001');
  assert.is(body.firstName, 'John');
  assert.is(body.lastName, 'Doe');
  assert.is(body.status, 'active');
  assert.not.ok('disconnectionKind' in body);
  const billed = john.bills.reduce((s, b) => s + b.amountCents, 0);
  const paid = john.payments.filter((p) => p.status === 'processed').reduce((s, p) => s + p.amountCents, 0);
  assert.is(body.balanceCents, billed - paid);
  assert.is(body.lastBillingDate, john.bills[0].issuedAt.toISOString().slice(0, 10));
  assert.is(body.customerSince, john.customerSince.toISOString().slice(0, 10));
  assert.is(body.vip, false);
  assert.ok(Array.isArray(body.vipReasons));
  assert.is(body.vipCriteria.length, 5);
  assert.is(body.version, 1);
  assert.equal(body.alerts.map((a: { kind: string }) => a.kind).sort(), ['anomalous_readings', 'open_complaints', 'sla_missed']);
  for (const alert of body.alerts) assert.type(alert.message, 'string');
  const health = await get('/accounts/WU-10001/health');
  assert.is(body.healthScore, health.body.score);
});

test('health: components, penalties, and the score they make', async () => {
  const { body } = await get('/accounts/WU-10001/health');
  const compliance = paymentCompliance(ruleBills(john), ruleAllocations(john), new Date(), TEST_TIME_ZONE);
  assert.is(compliance.late, 1);
  assert.is(body.components.paymentCompliance, (compliance.percent as number) / 100);
  assert.is(body.components.serviceQuality, 0.75); // one completed order rated 4: (4 − 1) / 4
  assert.is(body.components.complaintResolution, 0.5);
  assert.is(body.components.tenure, 0.6);
  assert.ok(body.components.consumptionConsistency > 0 && body.components.consumptionConsistency <= 1);
  assert.equal(body.penalties.map((p: { kind: string; points: number }) => [p.kind, p.points]), [['late_bills', 2]]);
  const points = body.breakdown.reduce((s: number, c: { points: number }) => s + c.points, 0);
  assert.is(Math.round(points), body.baseScore);
  assert.is(body.score, body.baseScore - 2);
});

test('an open tampering flag costs 25 points and is the first, critical alert', async () => {
  const health = await get(`/accounts/${flagged.accountNumber}/health`);
  assert.ok(health.body.penalties.some((p: { kind: string; points: number }) => p.kind === 'fraud_flag' && p.points === 25));
  const account = await get(`/accounts/${flagged.accountNumber}`);
  assert.is(account.body.alerts[0].kind, 'fraud_flag');
  assert.is(account.body.alerts[0].severity, 'critical');
  assert.match(account.body.alerts[0].message, 'tampering');
});

test('billing overview: plan, usage, estimate, outstanding and compliance by the rules', async () => {
  const { status, body } = await get('/accounts/WU-10001/billing-overview');
  assert.is(status, 200);
  const now = new Date();
  assert.is(body.ratePlan, 'Standard Residential');
  assert.is(body.billingCycle, 'monthly');
  assert.is(body.paymentMethod, 'manual');
  assert.is(body.usageUnit, 'gallons');
  assert.is(body.averageMonthlyUsage, averageMonthlyUsage(john.bills, now, 'America/Chicago').average);
  const lastThree = john.bills.slice(0, 3).map((b) => b.amountCents);
  assert.equal(body.nextBillEstimate, { lowCents: Math.min(...lastThree), highCents: Math.max(...lastThree), basedOnBills: 3 });
  assert.is(body.outstandingCents, (await get('/accounts/WU-10001')).body.balanceCents);
  const compliance = paymentCompliance(ruleBills(john), ruleAllocations(john), now, TEST_TIME_ZONE);
  assert.is(body.paymentCompliancePercent, compliance.percent);
  assert.is(body.paymentCompliancePercent, 90.9);
  assert.is(body.billsDue, 11);
});

test('bills: newest first, with what was paid on each', async () => {
  const { body } = await get('/accounts/WU-10001/bills');
  assert.is(body.total, 12);
  assert.equal(body.items.map((b: { id: number }) => b.id), john.bills.map((b) => b.id));
  const twoParts = body.items[1];
  assert.is(twoParts.paidCents, twoParts.amountCents);
  assert.is(body.items[0].paidCents, 0); // only a pending payment so far
  assert.is(body.items[0].paidOn, null);
  // Paid in two parts: the bill is paid on the day the second part arrived.
  const secondPart = john.payments.filter((p) => p.billId === twoParts.id).at(-1);
  assert.is(twoParts.paidOn, secondPart?.paidAt.toISOString().slice(0, 10));
  assert.match(body.items[0].dueDate, /^\d{4}-\d{2}-\d{2}$/);
});

test('payments: newest first, paginated, with method, status and bill', async () => {
  const all = await get('/accounts/WU-10001/payments?pageSize=200');
  assert.is(all.body.total, john.payments.length);
  const times = all.body.items.map((p: { paidAt: string }) => Date.parse(p.paidAt));
  assert.equal(times, [...times].sort((a, b) => b - a));
  const statuses = new Set(all.body.items.map((p: { status: string }) => p.status));
  assert.equal([...statuses].sort(), ['failed', 'pending', 'processed']);
  const first = all.body.items[0];
  assert.equal(Object.keys(first).sort(), ['allocations', 'amountCents', 'billId', 'id', 'method', 'paidAt', 'reference', 'status']);
  for (const p of all.body.items as Array<{ status: string; amountCents: number; billId: number; allocations: Array<{ billId: number; amountCents: number; appliedOn: string }> }>) {
    if (p.status !== 'processed') { assert.equal(p.allocations, [], 'pending and failed payments allocate nothing'); continue; }
    // Every fixture payment pays exactly its own bill.
    assert.equal(p.allocations.map((a) => [a.billId, a.amountCents]), [[p.billId, p.amountCents]]);
    assert.match(p.allocations[0].appliedOn, /^\d{4}-\d{2}-\d{2}$/);
  }
  const pages = [];
  for (let page = 1; page <= 3; page++) {
    const { body } = await get(`/accounts/WU-10001/payments?page=${page}&pageSize=5`);
    assert.is(body.page, page);
    assert.is(body.pageSize, 5);
    assert.is(body.total, john.payments.length);
    pages.push(...body.items);
  }
  assert.equal(pages, all.body.items);
});

test('bad paging values: 422 naming the field', async () => {
  for (const [query, field] of [['pageSize=201', 'pageSize'], ['pageSize=0', 'pageSize'], ['page=0', 'page'], ['page=abc', 'page']]) {
    const { status, body } = await get(`/accounts/WU-10001/payments?${query}`);
    assert.is(status, 422, query);
    assert.ok(body.error.details.fields[field], query);
  }
  assert.is((await get('/meters/M-5678/readings?pageSize=500')).status, 422);
});

test('meters: numbers, type, model, dates, status and the last reading', async () => {
  const { body } = await get('/accounts/WU-10001/meters');
  assert.is(body.total, 1);
  const meter = body.items[0];
  assert.is(meter.meterNumber, 'M-5678');
  assert.is(meter.deviceNumber, 'D-9012');
  assert.is(meter.model, 'Aquaflow X200');
  assert.is(meter.readingStatus, 'active');
  assert.is(meter.assignedAt, meter.installedAt);
  const latest = john.readings.filter((r) => r.verificationStatus !== 'rejected').sort((a, b) => b.readAt.getTime() - a.readAt.getTime())[0];
  assert.equal(meter.lastReading, { value: latest.value, readAt: latest.readAt.toISOString().slice(0, 10) });
});

test('meter readings: newest first with consumption, verification and flags', async () => {
  const { status, body } = await get('/meters/m-5678/readings?pageSize=3');
  assert.is(status, 200);
  assert.is(body.total, john.readings.length);
  assert.is(body.items.length, 3);
  const [spike, rejected] = body.items;
  assert.is(spike.id, john.flaggedReadingId);
  assert.equal(spike.flags, ['high']);
  assert.is(spike.verificationStatus, 'pending');
  assert.is(spike.consumption, 30_000);
  assert.is(rejected.verificationStatus, 'rejected');
  assert.is(rejected.consumption, null);
  assert.equal(Object.keys(spike).sort(), ['consumption', 'flags', 'id', 'inspectionOrder', 'meterNumber', 'readAt', 'source', 'supersededBy', 'value', 'verificationStatus']);
});

test('service orders: newest first, past-SLA marked, with their history', async () => {
  const { body } = await get('/accounts/WU-10001/service-orders');
  assert.equal(body.items.map((o: { orderNumber: string }) => o.orderNumber), john.serviceOrders.map((o) => o.orderNumber));
  const [open, done, cancelled] = body.items;
  assert.is(open.overdue, true);
  assert.is(open.technician, 'Terry Tech');
  assert.is(done.rating, 4);
  assert.is(done.overdue, false);
  assert.equal(done.history.map((h: { to: string }) => h.to), ['created', 'assigned', 'scheduled', 'in_progress', 'completed']);
  assert.is(cancelled.status, 'cancelled');
});

test('communications, notes, complaints and documents', async () => {
  const communications = (await get('/accounts/WU-10001/communications')).body;
  assert.is(communications.total, 4);
  const times = communications.items.map((c: { occurredAt: string }) => Date.parse(c.occurredAt));
  assert.equal(times, [...times].sort((a, b) => b - a));
  const call = communications.items.find((c: { channel: string }) => c.channel === 'phone');
  assert.is(call.direction, 'from_customer');
  assert.is(call.durationSeconds, 245);

  const notes = (await get('/accounts/WU-10001/notes')).body;
  assert.is(notes.total, 2);
  const edited = notes.items.find((n: { edited: boolean }) => n.edited);
  assert.is(edited.version, 2);
  assert.is(edited.body, john.notes[0].versions[1]);
  assert.is(edited.author, 'Test agent');
  assert.ok(Date.parse(notes.items[0].createdAt) > Date.parse(notes.items[1].createdAt));

  const complaints = (await get('/accounts/WU-10001/complaints')).body;
  assert.equal(complaints.items.map((c: { status: string }) => c.status), ['open', 'resolved']);

  const documents = (await get('/accounts/WU-10001/documents')).body;
  assert.is(documents.total, 2);
  const agreement = documents.items.find((d: { kind: string }) => d.kind === 'service_agreement');
  assert.is(agreement.status, 'published');
  assert.is(agreement.currentVersion, 2);
  assert.is(agreement.versionCount, 2);
  assert.is(agreement.fileName, 'service_agreement-v2.pdf');
  assert.not.ok('content' in agreement);
});

test('the OpenAPI document describes the profile endpoints with response schemas', async () => {
  const { body } = await get('/openapi.json');
  for (const path of ['/accounts/{accountNumber}', '/accounts/{accountNumber}/health', '/accounts/{accountNumber}/billing-overview',
    ...LIST_PATHS.map((p) => `/accounts/{accountNumber}/${p}`), '/meters/{meterNumber}/readings']) {
    const operation = body.paths[path]?.get;
    assert.ok(operation, path);
    assert.ok(operation.responses['200'].content['application/json'].schema, path);
    assert.ok(operation.responses['404'], path);
  }
  assert.ok(body.components.schemas.Account.properties.healthScore);
});

test.run();
