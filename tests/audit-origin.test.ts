/**
 * Audit rows say where a write came from (docs/rules.md#roles-access-and-audit): the API's X-Request-Id,
 * the workflow whose activity wrote it, or the BullMQ job; the audit API and page show it.
 */
import { utilityIsoDay } from '../domain/common/calendar.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import type { ChannelSenders } from '../domain/notifications/notification-channel.js';
import { PermanentChannelError } from '../domain/notifications/notification-channel.js';
import { createUser, type TestServer } from './support/app-server.js';
import { apiToken, htmxRequest, signIn } from './support/browser-session.js';
import { startTestJobsWorker, testRedisPrefix, waitFor, type TestJobsWorker } from './support/jobs-worker.js';
import { insertMinimalAccount, insertTechnician } from './support/minimal-account.js';
import { startServerWithWorker, type ServerWithWorker } from './support/server-with-worker.js';

let server: TestServer;
let app: ServerWithWorker;
let jobsWorker: TestJobsWorker;
let admin: { email: string; password: string };
let adminToken: string;
let dispatcherToken: string;
/** The order of the first test, whose rows the last one looks for on the audit page. */
let orderNumber: string;
let createRequestId: string;
const refuse = { channel: 'email', dedupesByKey: false, send: async () => { throw new PermanentChannelError('not in this test'); } } as const;
const noChannels: ChannelSenders = { email: refuse, sms: { ...refuse, channel: 'sms' } };

test.before(async () => {
  const prefix = testRedisPrefix('audit-origin');
  // The test client stands in for a balancer that numbers requests: only such a peer's X-Request-Id is kept.
  app = await startServerWithWorker('audit_origin', { REDIS_PREFIX: prefix, TRUST_PROXY: '127.0.0.1' });
  ({ server } = app);
  jobsWorker = await startTestJobsWorker(server.db.orm, { prefix, channels: noChannels, relay: false, queues: ['metrics'] });
  admin = await createUser(server.db, 'admin');
  const dispatcher = await createUser(server.db, 'dispatcher');
  adminToken = await apiToken(server.baseUrl, admin.email, admin.password);
  dispatcherToken = await apiToken(server.baseUrl, dispatcher.email, dispatcher.password);
});
test.after(async () => {
  await jobsWorker.stop();
  await app.close();
});

const rows = () => db(server.db.orm.em);
const auditRows = (action: string, entityId: string) => rows().selectFrom('audit_log')
  .select(['request_id', 'workflow_id', 'job_id']).where('action', '=', action).where('entity_id', '=', entityId).execute();

async function call(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, requestId: response.headers.get('x-request-id'), body: text ? JSON.parse(text) : null };
}

test('a write through the API carries the request id the response answered; the activity\'s write carries its workflow', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const technicianId = await insertTechnician(server.db.orm, ['repair']);
  const created = await call('POST', '/service-orders', dispatcherToken, { accountNumber: account.accountNumber, type: 'repair', description: 'Leak' });
  assert.is(created.status, 201, JSON.stringify(created.body));
  orderNumber = created.body.orderNumber as string;
  assert.ok(created.requestId);
  createRequestId = created.requestId;
  assert.equal(await auditRows('service_order.create', orderNumber), [{ request_id: created.requestId, workflow_id: null, job_id: null }]);

  const assigned = await call('POST', `/service-orders/${orderNumber}/assign`, dispatcherToken, { technicianId }, { 'x-request-id': 'assign-request-0001' });
  assert.is(assigned.status, 200, JSON.stringify(assigned.body));
  assert.is(assigned.requestId, 'assign-request-0001', 'a well-formed id from a trusted proxy is kept');
  const [row] = await waitFor(async () => { const found = await auditRows('service_order.assign', orderNumber); return found.length ? found : null; }, 'the assign audit row');
  assert.equal(row, { request_id: null, workflow_id: `service-order-${orderNumber}`, job_id: null });
});

test('a payment recorded through the API carries its request id', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const reference = `PAY-ORIGIN-${account.id}`;
  const paid = await call('POST', `/accounts/${account.accountNumber}/payments`, adminToken,
    { reference, amountCents: 1250, method: 'ach', status: 'processed', paidAt: new Date().toISOString() });
  assert.is(paid.status, 201, JSON.stringify(paid.body));
  assert.equal(await auditRows('payment.create', reference), [{ request_id: paid.requestId, workflow_id: null, job_id: null }]);
});

test('a write by a job carries the job as queue:id; the audit API and page show where each row came from', async () => {
  const late = await insertMinimalAccount(server.db.orm);
  // Days as the utility counts them (its zone), so the bill is past 60 days overdue at any hour.
  const dueDay = utilityIsoDay(new Date(Date.now() - 62 * 86_400_000), TEST_TIME_ZONE);
  const issued = utilityIsoDay(new Date(Date.now() - 82 * 86_400_000), TEST_TIME_ZONE);
  await rows().insertInto('bill').values({
    account_id: late.id, period_start: issued, period_end: issued, issued_at: issued, due_date: dueDay, amount_cents: 5000, usage: 3000, created_at: sql`now()`,
  }).execute();
  const accepted = await call('POST', '/jobs/metrics', adminToken);
  assert.is(accepted.status, 202, JSON.stringify(accepted.body));
  const jobId = accepted.body.jobId as string;
  const [row] = await waitFor(async () => { const found = await auditRows('account.status', late.accountNumber); return found.length ? found : null; }, 'the job\'s audit row', 60_000);
  assert.equal(row, { request_id: null, workflow_id: null, job_id: `metrics:${jobId}` });

  const listed = await call('GET', `/audit?entity=account&entityId=${late.accountNumber}`, adminToken);
  assert.is(listed.status, 200);
  assert.equal(listed.body.items.map((i: Record<string, unknown>) => [i.action, i.requestId, i.workflowId, i.jobId]),
    [['account.status', null, null, `metrics:${jobId}`]]);
  const session = await signIn(server.baseUrl, admin.email, admin.password);
  const page = await (await htmxRequest(server.baseUrl, session, `/admin/audit?entity=account&entityId=${late.accountNumber}`)).text();
  assert.match(page, `metrics:${jobId}`);
  const orders = await (await htmxRequest(server.baseUrl, session, `/admin/audit?entity=service_order&entityId=${orderNumber}`)).text();
  assert.match(orders, `service-order-${orderNumber}`, 'the workflow id is on the page');
  assert.match(orders, createRequestId, 'and the request id of its creation');
});

test.run();
