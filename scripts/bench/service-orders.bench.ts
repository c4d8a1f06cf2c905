// Issue 5's service-order benchmark: whole lifecycles per second and one transition's
// latency, 8 concurrent API clients against the app and a Temporal worker of the bench's own.
import { sql } from 'kysely';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashPassword } from '../../domain/auth/password.js';
import { db } from '../../domain/common/database.js';
import { insertRow, newRow } from '../../tests/support/rows.js';
import { spawnTs, stopChild } from '../lib/processes.js';
import { ensureTemporalServer } from '../lib/temporal-dev-server.js';
import { ms, percentile, type Bench } from './bench-kit.js';
import { startBenchApp } from './bench-app.js';

const ADDRESS = '127.0.0.1:7288';
const TASK_QUEUE = 'bench-service-orders';
const CLIENTS = 8;
const LIFECYCLES_PER_CLIENT = 12;
const DISPATCHER = { email: 'bench-dispatcher@example.com', password: 'bench-dispatcher-password' };

async function waitForWorker(baseUrl: string, token: string, accountNumber: string) {
  // The worker is ready when a fresh order's first move goes through.
  for (let i = 0; i < 120; i++) {
    const created = await post(baseUrl, token, '/service-orders', { accountNumber, type: 'repair', description: 'warm-up' });
    if (created.status === 201 && created.body.workflowState === 'running') {
      await post(baseUrl, token, `/service-orders/${created.body.orderNumber}/cancel`, { reason: 'warm-up' });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the Temporal worker did not come up');
}

async function post(baseUrl: string, token: string, route: string, body: unknown) {
  const response = await fetch(`${baseUrl}/api/v1${route}`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Issue 5: whole lifecycles per second and one transition's latency (API call → row written), 8 concurrent clients. */
export const serviceOrdersBench: Bench = {
  key: 'service-orders',
  sources: ['domain/service-orders/', 'workflows/', 'api/service-orders/', 'workers/temporal.ts', 'scripts/bench/service-orders.bench.ts'],
  async run({ databaseUrl, log }) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cistern-bench-temporal-'));
    const temporal = await ensureTemporalServer({ address: ADDRESS, namespace: 'default', uiPort: 8288, dataDir, log });
    process.env.TEMPORAL_ADDRESS = ADDRESS;
    process.env.TEMPORAL_TASK_QUEUE = TASK_QUEUE;
    let worker: ChildProcess | undefined;
    const app = await startBenchApp(databaseUrl);
    try {
      worker = spawnTs('workers/temporal.ts', [], { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TASK_QUEUE: TASK_QUEUE, LOG_LEVEL: 'warn' });
      const query = db(app.deps.orm.em);
      const passwordHash = await hashPassword(DISPATCHER.password);
      await query.insertInto('app_user')
        .values(newRow('app_user', { email: DISPATCHER.email, name: 'Bench dispatcher', role: 'dispatcher', password_hash: passwordHash, active: true, created_at: sql<Date>`now()` }))
        .onConflict((oc) => oc.column('email').doUpdateSet((eb) => ({ password_hash: eb.ref('excluded.password_hash'), role: 'dispatcher' })))
        .execute();
      const tokenResponse = await fetch(`${app.baseUrl}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DISPATCHER) });
      const token = ((await tokenResponse.json()) as { token: string }).token;
      const techId = await insertRow(query, 'technician', { name: 'Bench technician', skills: ['repair'], active: true, created_at: sql<Date>`now()` });
      const accounts = (await query.selectFrom('account').select('account_number').where('status', '=', 'active')
        .orderBy('id').limit(CLIENTS * LIFECYCLES_PER_CLIENT).execute()).map((r) => r.account_number);
      await waitForWorker(app.baseUrl, token, accounts[0]);
      log(`worker ready; ${CLIENTS} clients × ${LIFECYCLES_PER_CLIENT} lifecycles`);

      const transitionMs: number[] = [];
      const timed = async (route: string, body: unknown) => {
        const started = performance.now();
        const result = await post(app.baseUrl, token, route, body);
        if (result.status !== 200) throw new Error(`${route} → ${result.status} ${JSON.stringify(result.body)}`);
        transitionMs.push(performance.now() - started);
      };
      const lifecycle = async (accountNumber: string) => {
        const created = await post(app.baseUrl, token, '/service-orders', { accountNumber, type: 'repair', description: 'Bench order' });
        if (created.status !== 201) throw new Error(`create → ${created.status}`);
        const order = created.body.orderNumber as string;
        await timed(`/service-orders/${order}/assign`, { technicianId: techId });
        await timed(`/service-orders/${order}/schedule`, { scheduledFor: new Date(Date.now() + 86400_000).toISOString() });
        await timed(`/service-orders/${order}/start`, {});
        await timed(`/service-orders/${order}/complete`, { note: 'bench' });
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
        for (let i = 0; i < LIFECYCLES_PER_CLIENT; i++) await lifecycle(accounts[client * LIFECYCLES_PER_CLIENT + i]);
      }));
      const seconds = (performance.now() - started) / 1000;
      transitionMs.sort((a, b) => a - b);
      const lifecycles = CLIENTS * LIFECYCLES_PER_CLIENT;
      return {
        title: 'Service orders: whole lifecycles through the API and Temporal, 8 concurrent clients',
        rows: [
          { metric: 'lifecycles (create → complete)', value: String(lifecycles) },
          { metric: 'lifecycles per second', value: (lifecycles / seconds).toFixed(2) },
          { metric: 'transition latency p50 (API call → row written)', value: ms(percentile(transitionMs, 50)) },
          { metric: 'transition latency p95', value: ms(percentile(transitionMs, 95)) },
          { metric: 'transitions measured', value: String(transitionMs.length) },
        ],
        notes: ['Each transition is a Temporal update whose handler runs the activity that writes the row; the API answers after both. API, Temporal dev server (SQLite), worker and PostgreSQL share the 2 cores.'],
      };
    } finally {
      if (worker) await stopChild(worker);
      await app.close();
      await temporal.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
