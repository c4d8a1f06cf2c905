/** With Temporal down an order is saved and waits; when Temporal is back the outbox relay starts it. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { createOutboxRelay, temporalHandlers } from '../infra/outbox/outbox-relay.js';
import { TemporalGateway } from '../infra/temporal/temporal-connection.js';
import { logger } from '../infra/logger.js';
import { ensureTemporalServer, type DevServer } from '../scripts/lib/temporal-dev-server.js';
import { apiToken } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { insertMinimalAccount, insertTechnician } from './support/minimal-account.js';
import { startTestWorker } from './support/temporal-worker.js';
import { waitFor } from './support/jobs-worker.js';

// A Temporal server of this test's own, so stopping it disturbs no other test file.
const ADDRESS = '127.0.0.1:7266';
const taskQueue = `down-${randomBytes(4).toString('hex')}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cistern-temporal-down-'));
let temporal: DevServer;
let server: TestServer;
let token: string;

const startTemporal = () => ensureTemporalServer({ address: ADDRESS, namespace: 'default', uiPort: 8266, dataDir, log: () => undefined });

test.before(async () => {
  temporal = await startTemporal();
  server = await startTestServer('so_down', { temporal: new TemporalGateway(ADDRESS, 'default') }, { TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_ADDRESS: ADDRESS });
  const user = await createUser(server.db, 'dispatcher');
  token = await apiToken(server.baseUrl, user.email, user.password);
});
test.after(async () => {
  await server.close();
  await temporal.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(method: string, route: string, body?: unknown) {
  const response = await fetch(`${server.baseUrl}/api/v1${route}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as any };
}

test('with Temporal stopped an order is saved and waits; when Temporal is back the relay starts it', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const technicianId = await insertTechnician(server.db.orm, ['repair']);
  await temporal.stop();

  const started = Date.now();
  const created = await call('POST', '/service-orders', { accountNumber: account.accountNumber, type: 'repair', description: 'Leak while Temporal is down' });
  assert.is(created.status, 201);
  assert.is(created.body.workflowState, 'waiting_to_start');
  assert.ok(Date.now() - started < 10_000, 'answered promptly');
  const order = created.body.orderNumber as string;
  const shown = await call('GET', `/service-orders/${order}`);
  assert.is(shown.body.status, 'created');
  assert.is(shown.body.workflowState, 'waiting_to_start');
  const early = await call('POST', `/service-orders/${order}/assign`, { technicianId });
  assert.is(early.status, 409);
  assert.is(early.body.error.details.reason, 'waiting_to_start');
  const health = await fetch(`${server.baseUrl}/health`);
  assert.is(((await health.json()) as { temporal: string }).temporal, 'down');

  temporal = await startTemporal();
  const worker = await startTestWorker(server.db.orm, taskQueue, ADDRESS);
  try {
    const relay = createOutboxRelay({ orm: server.db.orm, log: logger(), handlers: temporalHandlers(server.deps.temporal, taskQueue) });
    // The row waits out its backoff; make it due now rather than sleeping in a test. The API's connection to
    // Temporal reconnects on its own backoff after the restart (seconds on a loaded machine): until it does, a
    // pass fails to deliver and puts the row back, as the relay's loop would, so the test passes again.
    const relayedOnce = async () => {
      await db(server.db.orm.em).updateTable('outbox_message').set({ available_at: sql`now()` }).where('relayed_at', 'is', null).execute();
      return relay.relayDue();
    };
    assert.is(await waitFor(relayedOnce, 'the outbox row relayed once Temporal answers', 60_000), 1);
    assert.is(await relay.relayDue(), 0, 'relayed once');
    const running = await call('GET', `/service-orders/${order}`);
    assert.is(running.body.workflowState, 'running');
    const assigned = await call('POST', `/service-orders/${order}/assign`, { technicianId });
    assert.is(assigned.status, 200);
    assert.is(assigned.body.status, 'assigned');
  } finally {
    await worker.stop();
  }
});

test.run();
