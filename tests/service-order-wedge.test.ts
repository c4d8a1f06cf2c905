/**
 * Moves that cannot wedge an order: every bad move input, from the board and the API, is a 422 that changes nothing
 * and leaves the order free to move; an activity that fails leaves Temporal and Postgres agreeing; the reconcile job
 * finds (and where safe repairs) a divergence planted in the read model.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { db } from '../domain/common/database.js';
import { Invalid } from '../domain/common/errors.js';
import { toLocalDateTimeInput } from '../domain/common/utility-time.js';
import { reconcileServiceOrders } from '../domain/service-orders/service-order-reconcile.js';
import { temporalServiceOrderWorkflows } from '../infra/temporal/service-order-workflows.js';
import { logger } from '../infra/logger.js';
import { reconcileServiceOrdersJob } from '../workers/jobs/reconcile-service-orders.job.js';
import type { Job } from 'bullmq';
import { apiToken, htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { insertMinimalAccount, insertTechnician } from './support/minimal-account.js';
import { startTestWorker, testTemporalAddress, type TestWorker } from './support/temporal-worker.js';

const taskQueue = `wedge-${randomBytes(4).toString('hex')}`;
let server: TestServer;
let worker: TestWorker;
let token: string;
let agentToken: string;
let board: SignedIn;
let technicianId: number;
/** Orders whose move activities fail: with a plain error (retried, then alerted), a business refusal, or a first attempt that stalls past every try's time. */
const failing = new Map<string, 'outage' | 'refusal' | 'stall'>();
/** How long a stalled attempt waits before its commit: past the move's three tries (5 s each, 1 s and 2 s between). */
const STALL_MS = 20_000;

test.before(async () => {
  server = await startTestServer('so_wedge', {}, { TEMPORAL_TASK_QUEUE: taskQueue });
  worker = await startTestWorker(server.db.orm, taskQueue, testTemporalAddress(), {
    beforeCommit: (_activity, orderNumber) => {
      const fault = failing.get(orderNumber);
      if (fault === 'outage') throw new Error('injected: connection terminated');
      if (fault === 'refusal') throw new Invalid('Injected refusal.', { note: 'refused' });
      if (fault === 'stall') {
        failing.delete(orderNumber); // only the first attempt stalls; it holds the order's lock, so the others wait on it
        return new Promise<void>((resolve) => setTimeout(resolve, STALL_MS));
      }
    },
  });
  const d = await createUser(server.db, 'dispatcher');
  const a = await createUser(server.db, 'agent');
  token = await apiToken(server.baseUrl, d.email, d.password);
  agentToken = await apiToken(server.baseUrl, a.email, a.password);
  board = await signIn(server.baseUrl, d.email, d.password);
  technicianId = await insertTechnician(server.db.orm, ['meter_reading', 'repair']);
});
test.after(async () => {
  await worker.stop();
  await server.close();
});

const rows = () => db(server.db.orm.em);
const workflows = () => temporalServiceOrderWorkflows(worker.client, taskQueue, 60_000);
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();
const localTomorrow = () => toLocalDateTimeInput(new Date(Date.now() + 86_400_000), server.deps.config.UTILITY_TIME_ZONE);

async function api(path: string, body: unknown, bearer = token) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
const form = (path: string, fields: Record<string, string>) => htmxRequest(server.baseUrl, board, path, fields);

async function newOrder(type: 'meter_reading' | 'repair') {
  const account = await insertMinimalAccount(server.db.orm);
  const created = await api('/service-orders', { accountNumber: account.accountNumber, type, description: 'Wedge check' }, agentToken);
  assert.is(created.status, 201, JSON.stringify(created.body));
  return created.body.orderNumber as string;
}

/** Postgres (the order row and its history) and the running workflow, side by side. */
async function bothSides(orderNumber: string) {
  const row = await rows().selectFrom('service_order as o')
    .select((eb) => ['o.status', 'o.attention', eb.selectFrom('service_order_transition as t').whereRef('t.order_id', '=', 'o.id')
      .select((sub) => sub.fn.countAll<string>().as('n')).as('transitions')])
    .where('o.order_number', '=', orderNumber).executeTakeFirstOrThrow();
  const state = await workflows().state(orderNumber);
  return { postgres: { status: row.status, transitions: Number(row.transitions) }, temporal: state && { status: state.status, transitions: state.transitions }, attention: row.attention };
}

async function expectAgreeing(orderNumber: string, status: string) {
  const sides = await bothSides(orderNumber);
  assert.equal(sides.postgres, sides.temporal ?? sides.postgres, `Temporal and Postgres disagree on ${orderNumber}: ${JSON.stringify(sides)}`);
  assert.is(sides.postgres.status, status);
}

/** Every bad input: first through the API, then the board; each a 422 that leaves the order where it was. */
async function refusedEverywhere(orderNumber: string, action: string, apiBodies: unknown[], forms: Record<string, string>[], status: string) {
  for (const body of apiBodies) {
    const answer = await api(`/service-orders/${orderNumber}/${action}`, body);
    assert.is(answer.status, 422, `API ${action} ${JSON.stringify(body)} → ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  for (const fields of forms) {
    const answer = await form(`/service-orders/${orderNumber}/${action}`, fields);
    assert.is(answer.status, 422, `board ${action} ${JSON.stringify(fields)} → ${answer.status}`);
  }
  await expectAgreeing(orderNumber, status);
}

test('every bad move input, from the API and the board, is a 422; the order still moves afterwards', async () => {
  const order = await newOrder('meter_reading');
  const unqualified = await insertTechnician(server.db.orm, ['installation']);
  await refusedEverywhere(order, 'assign', [
    { technicianId: 3_000_000_000 }, { technicianId: 999_999 }, { technicianId: unqualified }, { technicianId: 1.5 }, { technicianId, note: 'a\u0000b' },
  ], [
    { technicianId: '3000000000' }, { technicianId: 'abc' }, { technicianId: String(unqualified) }, { technicianId: String(technicianId), note: 'a\u0000b' },
  ], 'created');
  assert.is((await api(`/service-orders/${order}/assign`, { technicianId })).status, 200);

  await refusedEverywhere(order, 'schedule', [
    { scheduledFor: tomorrow(), windowMinutes: 3_000_000_000 }, { scheduledFor: tomorrow(), windowMinutes: 14 },
    { scheduledFor: tomorrow(), windowMinutes: 721 }, { scheduledFor: tomorrow(), windowMinutes: 'x' },
    { scheduledFor: 'x' }, { scheduledFor: new Date(Date.now() - 86_400_000).toISOString() }, { scheduledFor: tomorrow(), note: '\u0007' },
  ], [
    { scheduledFor: localTomorrow(), windowMinutes: '3000000000' }, { scheduledFor: localTomorrow(), windowMinutes: '0' },
    { scheduledFor: 'x', windowMinutes: '120' }, { scheduledFor: localTomorrow(), windowMinutes: 'NaN' },
  ], 'assigned');
  assert.is((await form(`/service-orders/${order}/schedule`, { scheduledFor: localTomorrow(), windowMinutes: '240' })).status, 200);

  await refusedEverywhere(order, 'start', [{ note: '\u0000' }], [{ note: '\u0000' }], 'scheduled');
  assert.is((await api(`/service-orders/${order}/start`, {})).status, 200);

  const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  await refusedEverywhere(order, 'complete', [
    {}, { reading: { value: 12580, readAt: 'x' } }, { reading: { value: 12580, readAt: '2026-02-30' } },
    { reading: { value: 12580, readAt: future } }, { reading: { value: -1, readAt: '2026-11-01' } },
    { reading: { value: 1e20, readAt: '2026-11-01' } }, { reading: { value: 1.5, readAt: '2026-11-01' } },
    { reading: { value: 12580, readAt: '2026-11-01' }, note: 'x\u0000' },
  ], [
    { readingValue: '12580', readAt: 'x' }, { readingValue: 'abc', readAt: '2026-11-01' }, { readingValue: '1e20', readAt: '2026-11-01' },
    { readingValue: '12580', readAt: future }, { note: 'no reading' },
  ], 'in_progress');
  const done = await form(`/service-orders/${order}/complete`, { readingValue: '12,580', readAt: '2026-11-01' });
  assert.is(done.status, 200);
  await expectAgreeing(order, 'completed');
  assert.is((await bothSides(order)).postgres.transitions, 5);
});

test('a cancellation reason with a control character is a 422; a plain one cancels', async () => {
  const order = await newOrder('repair');
  await refusedEverywhere(order, 'cancel', [{ reason: 'gone\u0000' }, { reason: '  ' }], [{ reason: 'gone\u0000' }, { reason: '' }], 'created');
  assert.is((await api(`/service-orders/${order}/cancel`, { reason: 'Customer moved' })).status, 200);
});

test('the workflow refuses bad arguments itself, even when the desk is bypassed', async () => {
  const order = await newOrder('meter_reading');
  await workflows().move(order, 'assign', { actor: { userId: null, name: 'Test' }, technicianId });
  for (const windowMinutes of [3_000_000_000, 0, 1.5]) {
    try {
      await workflows().move(order, 'schedule', { actor: { userId: null, name: 'Test' }, scheduledFor: tomorrow(), windowMinutes });
      assert.unreachable('accepted');
    } catch (error) {
      assert.instance(error, Invalid, String(error));
      assert.ok((error as Invalid).fields.windowMinutes);
    }
  }
  await expectAgreeing(order, 'assigned');
});

test('an activity that keeps failing: bounded retries, 503, an alert; Temporal and Postgres agree and the order moves again', async () => {
  const order = await newOrder('repair');
  failing.set(order, 'outage');
  const started = Date.now();
  const refused = await api(`/service-orders/${order}/assign`, { technicianId });
  failing.delete(order);
  assert.is(refused.status, 503, JSON.stringify(refused.body));
  assert.ok(Date.now() - started < 14_000, 'retries are bounded');
  await expectAgreeing(order, 'created');
  const sides = await bothSides(order);
  assert.match(sides.attention ?? '', 'could not be recorded');
  const alert = await rows().selectFrom('audit_log').select('action').where('entity_id', '=', order).where('action', '=', 'service_order.move_not_recorded').executeTakeFirst();
  assert.ok(alert, 'the alert is audited');
  const boardHtml = await (await htmxRequest(server.baseUrl, board, '/service-orders')).text();
  assert.match(boardHtml, /class="order-attention" role="alert">The assign could not be recorded/, 'the dispatchers see it on the board');

  assert.is((await api(`/service-orders/${order}/assign`, { technicianId })).status, 200);
  await expectAgreeing(order, 'assigned');
  assert.is((await bothSides(order)).attention, null, 'a recorded move clears the alert');
});

test('an attempt that overruns every try is refused and rolled back: it records nothing after the 503, and the order moves on', async () => {
  const order = await newOrder('repair');
  failing.set(order, 'stall');
  const asked = Date.now();
  const refused = await api(`/service-orders/${order}/assign`, { technicianId });
  assert.is(refused.status, 503, JSON.stringify(refused.body));
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, asked + STALL_MS + 2000 - Date.now())));
  await expectAgreeing(order, 'created');
  assert.is((await bothSides(order)).postgres.transitions, 1, 'the stalled attempt, and the tries queued behind its lock, recorded nothing');
  assert.is((await api(`/service-orders/${order}/cancel`, { reason: 'Customer moved' })).status, 200);
  await expectAgreeing(order, 'cancelled');
});

test('a business refusal in the activity is a 422 at once and changes nothing', async () => {
  const order = await newOrder('repair');
  await api(`/service-orders/${order}/assign`, { technicianId });
  failing.set(order, 'refusal');
  const refused = await api(`/service-orders/${order}/cancel`, { reason: 'Duplicate' });
  failing.delete(order);
  assert.is(refused.status, 422, JSON.stringify(refused.body));
  assert.equal(refused.body.error.details.fields, { note: 'refused' });
  await expectAgreeing(order, 'assigned');
  assert.is((await api(`/service-orders/${order}/cancel`, { reason: 'Duplicate' })).status, 200);
  await expectAgreeing(order, 'cancelled');
});

test('the reconcile job finds a divergence planted in the read model, repairs a drifted row, reports a lost move', async () => {
  const drifted = await newOrder('repair');
  await api(`/service-orders/${drifted}/assign`, { technicianId });
  const lost = await newOrder('repair');
  await api(`/service-orders/${lost}/assign`, { technicianId });
  const agreeing = await newOrder('repair');
  // Plant: one order row drifts; another loses its last recorded move (history and row).
  await rows().updateTable('service_order').set({ status: 'in_progress' }).where('order_number', '=', drifted).execute();
  const lostId = (await rows().selectFrom('service_order').select('id').where('order_number', '=', lost).executeTakeFirstOrThrow()).id;
  await rows().deleteFrom('service_order_transition').where('order_id', '=', lostId).where('sequence', '=', 2).execute();
  await rows().updateTable('service_order').set({ status: 'created', technician_id: null }).where('id', '=', lostId).execute();

  const job = { data: { confirmAfterMs: 0 } } as unknown as Job;
  const result = await reconcileServiceOrdersJob(job, { orm: server.db.orm, log: logger(), serviceOrders: workflows() }) as Awaited<ReturnType<typeof reconcileServiceOrders>>;
  const byOrder = new Map(result.diverged.map((d) => [d.orderNumber, d]));
  assert.ok(result.checked >= 3);
  assert.not.ok(byOrder.has(agreeing));
  assert.equal(byOrder.get(drifted)?.fields.status, { workflow: 'assigned', readModel: 'in_progress' });
  assert.is(byOrder.get(drifted)?.repaired, true);
  await expectAgreeing(drifted, 'assigned');
  assert.is(byOrder.get(lost)?.repaired, false);
  assert.equal(byOrder.get(lost)?.fields.transitions, { workflow: 2, readModel: 1 });
  assert.match((await bothSides(lost)).attention ?? '', 'disagree');
  const audited = await rows().selectFrom('audit_log').select('action').where('entity_id', 'in', [drifted, lost])
    .where('action', 'like', 'service_order.divergence%').orderBy('action').execute();
  assert.equal(audited.map((a) => a.action), ['service_order.divergence', 'service_order.divergence_repaired']);

  const again = await reconcileServiceOrders(server.db.orm.em.fork(), workflows(), { confirmAfterMs: 0 });
  assert.equal(again.diverged.map((d) => d.orderNumber), [lost], 'the repaired order agrees now');
});

test.run();
