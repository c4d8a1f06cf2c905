import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashPassword } from '../../domain/auth/password.js';
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
  async run({ databaseUrl, log }) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cistern-bench-temporal-'));
    const temporal = await ensureTemporalServer({ address: ADDRESS, namespace: 'default', uiPort: 8288, dataDir, log });
    process.env.TEMPORAL_ADDRESS = ADDRESS;
    process.env.TEMPORAL_TASK_QUEUE = TASK_QUEUE;
    let worker: ChildProcess | undefined;
    const app = await startBenchApp(databaseUrl);
    try {
      worker = spawnTs('workers/temporal.ts', [], { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: ADDRESS, TEMPORAL_TASK_QUEUE: TASK_QUEUE, LOG_LEVEL: 'warn' });
      const sql = app.deps.orm.em.getConnection();
      await sql.execute(`insert into app_user (email, name, role, password_hash, active, created_at) values (?, 'Bench dispatcher', 'dispatcher', ?, true, now())
        on conflict (email) do update set password_hash = excluded.password_hash, role = 'dispatcher'`, [DISPATCHER.email, await hashPassword(DISPATCHER.password)]);
      const tokenResponse = await fetch(`${app.baseUrl}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DISPATCHER) });
      const token = ((await tokenResponse.json()) as { token: string }).token;
      const [tech] = await sql.execute<{ id: number }[]>(`insert into technician (name, skills, active, created_at) values ('Bench technician', '{repair}', true, now()) returning id`);
      const accounts = (await sql.execute<{ account_number: string }[]>(
        `select account_number from account where status = 'active' order by id limit ?`, [CLIENTS * LIFECYCLES_PER_CLIENT])).map((r) => r.account_number);
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
        await timed(`/service-orders/${order}/assign`, { technicianId: tech.id });
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
