/**
 * Issue 12's service-order benchmark: whole lifecycles (create → assign → schedule → start → complete)
 * per second through the compiled API, with 8 and with 32 clients, on the Temporal server on PostgreSQL
 * (as production runs it) and the compiled Temporal worker. Beside each, in the same run: the floor, a
 * no-op workflow (start + 4 updates that do nothing) on the same server with the same worker tuning.
 * CPU seconds per transition for each component (API, worker, Temporal server, PostgreSQL) come from
 * /proc before and after each run. BENCH_ORDERS_SECONDS (default 20) per run; BENCH_ORDERS_CPU_PROF=DIR
 * writes the API's and the worker's .cpuprofile there. Needs `npm run build` first.
 */
import { Client, Connection } from '@temporalio/client';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { hashPassword } from '../../domain/auth/password.js';
import { db } from '../../domain/common/database.js';
import { openOrm } from '../../infra/database/orm.js';
import { insertRow, newRow } from '../../tests/support/rows.js';
import { spawnTs, stopChild } from '../lib/processes.js';
import { PROJECT_ROOT } from '../lib/project-paths.js';
import { ms, type Bench, type BenchRow } from './bench-kit.js';
import { startCompiledApi } from './load/served-processes.js';
import { startBenchTemporal } from './service-orders/bench-temporal.js';
import { cpuBetween, postgresBackends, processes, snapshot, type Component } from './service-orders/cpu-meter.js';
import { noopUpdate } from './service-orders/floor.workflow.js';
import { runLifecycles, type LifecycleRun } from './service-orders/lifecycle-clients.js';

const CLIENTS = [8, 32];
const LIFECYCLES_PER_SECOND_TARGET = 20;
const P95_TARGET_MS = 150;
/** create + 4 moves: each writes one service_order_transition row. */
const TRANSITIONS_PER_LIFECYCLE = 5;
const ORDERS_QUEUE = 'bench-service-orders';
const FLOOR_QUEUE = 'bench-noop-floor';
const DISPATCHER = { email: 'bench-dispatcher@example.com', password: 'bench-dispatcher-password' };
const seconds = Number(process.env.BENCH_ORDERS_SECONDS ?? 20);
const profileDir = process.env.BENCH_ORDERS_CPU_PROF;
const nodeFlags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];

interface Api { baseUrl: string; token: string }

async function post(api: Api, route: string, body: unknown) {
  const response = await fetch(`${api.baseUrl}/api/v1${route}`, {
    method: 'POST', headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function move(api: Api, order: string, action: string, body: unknown) {
  const result = await post(api, `/service-orders/${order}/${action}`, body);
  if (result.status !== 200) throw new Error(`${action} ${order} → ${result.status} ${JSON.stringify(result.body)}`);
}

/** One order's whole life through the API: the four moves are timed. */
function orderLifecycle(api: Api, accounts: string[], technicianId: number) {
  return async (n: number, timed: <T>(step: () => Promise<T>) => Promise<T>) => {
    const created = await post(api, '/service-orders', { accountNumber: accounts[n % accounts.length], type: 'repair', description: 'Bench order' });
    if (created.status !== 201 || created.body.workflowState !== 'running') throw new Error(`create → ${created.status} ${JSON.stringify(created.body)}`);
    const order = String(created.body.orderNumber);
    await timed(() => move(api, order, 'assign', { technicianId }));
    await timed(() => move(api, order, 'schedule', { scheduledFor: new Date(Date.now() + 86_400_000).toISOString() }));
    await timed(() => move(api, order, 'start', {}));
    await timed(() => move(api, order, 'complete', { note: 'bench' }));
  };
}

/** The floor's lifecycle: start the no-op workflow, then 4 timed updates, the last one ending it. */
function floorLifecycle(client: Client, runId: string) {
  return async (n: number, timed: <T>(step: () => Promise<T>) => Promise<T>) => {
    const handle = await client.workflow.start('benchNoopWorkflow', { taskQueue: FLOOR_QUEUE, workflowId: `bench-noop-${runId}-${n}` });
    for (let i = 0; i < 4; i++) await timed(() => handle.executeUpdate(noopUpdate, { args: [i === 3] }));
  };
}

/** The bench dispatcher (created or reset) and its API token from the compiled API. */
async function dispatcherToken(databaseUrl: string, baseUrl: string): Promise<{ token: string; technicianId: number; accounts: string[] }> {
  const orm = await openOrm(databaseUrl, { poolMax: 1 });
  try {
    const query = db(orm.em.fork());
    // The seed truncates every table, the deployment id too (made by its migration): without one, no workflow starts.
    await sql`insert into deployment (id, created_at) select gen_random_uuid(), now() where not exists (select 1 from deployment)`.execute(query);
    await query.insertInto('app_user')
      .values(newRow('app_user', { email: DISPATCHER.email, name: 'Bench dispatcher', role: 'dispatcher', password_hash: await hashPassword(DISPATCHER.password), active: true, created_at: sql<Date>`now()` }))
      .onConflict((oc) => oc.column('email').doUpdateSet((eb) => ({ password_hash: eb.ref('excluded.password_hash'), role: 'dispatcher', active: true })))
      .execute();
    const technicianId = await insertRow(query, 'technician', { name: 'Bench technician', skills: ['repair'], active: true, created_at: sql<Date>`now()` });
    const accounts = (await query.selectFrom('account').select('account_number').where('status', '=', 'active').orderBy('id').limit(2000).execute())
      .map((row) => row.account_number);
    // An unseeded database has none, and every order would be refused as for an unknown account.
    if (accounts.length === 0) throw new Error('the bench database holds no active account: seed it first (npm run bench -- --accounts N seed service-orders)');
    const response = await fetch(`${baseUrl}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DISPATCHER) });
    if (response.status !== 201) throw new Error(`bench dispatcher sign-in → ${response.status}`);
    return { token: ((await response.json()) as { token: string }).token, technicianId, accounts };
  } finally {
    await orm.close();
  }
}

/** Spawns the compiled production worker (`npm run start:temporal-worker`). */
function startCompiledWorker(env: Record<string, string>): ChildProcess {
  const entry = path.join(PROJECT_ROOT, 'dist/workers/temporal.js');
  if (!existsSync(entry)) throw new Error('dist/workers/temporal.js is missing: run `npm run build` first');
  return spawn(process.execPath, [...nodeFlags, entry], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The API's first workflow start opens its Temporal connection: orders until one starts at once. */
async function waitForApiStart(api: Api, accountNumber: string): Promise<void> {
  let last = '';
  for (let i = 0; i < 60; i++) {
    const created = await post(api, '/service-orders', { accountNumber, type: 'repair', description: 'warm-up' });
    if (created.status === 201 && created.body.workflowState === 'running') return;
    last = `${created.status} ${JSON.stringify(created.body).slice(0, 300)}`;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`the API did not start a workflow in 60 tries; the last answer: ${last}`);
}

/** Waits until a worker polls each task queue (the workers bundle their workflow code first). */
async function waitForPollers(client: Client, queues: string[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (const name of queues) {
    for (;;) {
      const { pollers } = await client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name }, taskQueueType: 1 });
      if (pollers?.length) break;
      if (Date.now() > deadline) throw new Error(`no worker polls ${name} after 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

interface Measured { run: LifecycleRun; cpu: Map<string, number> }

/** Runs the lifecycles and reads every component's CPU time around them. */
async function measure(components: Component[], clients: number, lifecycle: Parameters<typeof runLifecycles>[2]): Promise<Measured> {
  const before = await snapshot(components);
  const run = await runLifecycles(clients, seconds, lifecycle);
  const after = await snapshot(components);
  return { run, cpu: cpuBetween(before, after) };
}

const perTransitionMs = (cpuSeconds: number, run: LifecycleRun) => (cpuSeconds * 1000) / (run.lifecycles * TRANSITIONS_PER_LIFECYCLE);

function rowsFor(label: string, clients: number, measured: Measured, target: boolean): BenchRow[] {
  const { run, cpu } = measured;
  const lifecycleTarget = target ? { target: `≥ ${LIFECYCLES_PER_SECOND_TARGET}`, pass: run.perSecond >= LIFECYCLES_PER_SECOND_TARGET } : {};
  const p95Target = target ? { target: `≤ ${P95_TARGET_MS} ms`, pass: run.p95 <= P95_TARGET_MS } : {};
  const total = [...cpu.values()].reduce((sum, s) => sum + s, 0);
  const byComponent = [...cpu].map(([name, s]) => `${name} ${perTransitionMs(s, run).toFixed(1)}`).join(', ');
  return [
    { metric: `${label}, ${clients} clients: lifecycles per second (${run.lifecycles} in ${run.seconds.toFixed(1)} s)`, value: run.perSecond.toFixed(1), ...lifecycleTarget },
    { metric: `${label}, ${clients} clients: move p50 / p95 (${run.transitions} moves)`, value: `${ms(run.p50)} / ${ms(run.p95)}`, ...p95Target },
    { metric: `${label}, ${clients} clients: CPU ms per transition (total; by component)`, value: `${perTransitionMs(total, run).toFixed(1)} (${byComponent})` },
  ];
}

export const serviceOrdersBench: Bench = {
  key: 'service-orders',
  sources: ['domain/service-orders/', 'workflows/', 'api/service-orders/', 'workers/temporal.ts', 'workers/temporal/', 'infra/temporal/',
    'scripts/lib/temporal-server.ts', 'scripts/bench/service-orders.bench.ts', 'scripts/bench/service-orders/'],
  async run({ databaseUrl, log }) {
    const temporal = await startBenchTemporal(databaseUrl, log);
    process.env.TEMPORAL_ADDRESS = temporal.address;
    process.env.TEMPORAL_TASK_QUEUE = ORDERS_QUEUE;
    const workerEnv = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
    const apiProcesses = Number(process.env.BENCH_API_PROCESSES ?? 1);
    const api = await startCompiledApi(databaseUrl, apiProcesses, nodeFlags);
    const worker = startCompiledWorker({ ...workerEnv, TEMPORAL_TASK_QUEUE: ORDERS_QUEUE });
    const floorWorker = spawnTs('scripts/bench/service-orders/floor-worker.ts', [], { ...workerEnv, TEMPORAL_TASK_QUEUE: FLOOR_QUEUE });
    const connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection, namespace: 'default' });
    const postgres = postgresBackends(databaseUrl, [new URL(databaseUrl).pathname.slice(1), ...temporal.databases]);
    try {
      const { token, technicianId, accounts } = await dispatcherToken(databaseUrl, api.baseUrl);
      const orders = orderLifecycle({ baseUrl: api.baseUrl, token }, accounts, technicianId);
      const floor = floorLifecycle(client, Date.now().toString(36));
      const temporalServer = processes('Temporal server', () => [temporal.pid]);
      const apiComponent = processes('API', () => [...new Set([api.primary.pid as number, ...api.servingPids()])]);
      const orderComponents = [apiComponent, processes('worker', () => [worker.pid as number]), temporalServer, postgres];
      const floorComponents = [processes('worker', () => [floorWorker.pid as number]), temporalServer, postgres];
      await waitForPollers(client, [ORDERS_QUEUE, FLOOR_QUEUE]);
      await waitForApiStart({ baseUrl: api.baseUrl, token }, accounts[0]);
      log('warming up (one round of each, untimed)…');
      await runLifecycles(8, 3, floor);
      await runLifecycles(8, 3, orders);
      const rows: BenchRow[] = [];
      for (const clients of CLIENTS) {
        const floorRun = await measure(floorComponents, clients, floor);
        log(`floor, ${clients} clients: ${floorRun.run.perSecond.toFixed(1)} lifecycles/s; load ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
        const ordersRun = await measure(orderComponents, clients, orders);
        log(`orders, ${clients} clients: ${ordersRun.run.perSecond.toFixed(1)} lifecycles/s; load ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
        rows.push(...rowsFor('service orders', clients, ordersRun, true), ...rowsFor('floor: no-op workflow', clients, floorRun, false));
      }
      return {
        title: `Service orders: whole lifecycles through the compiled API and worker, ${process.env.BENCH_ORDERS_TEMPORAL === 'dev' ? 'Temporal dev server (SQLite)' : 'Temporal server on PostgreSQL'}, beside a no-op workflow`,
        rows,
        notes: [
          `A lifecycle is create → assign → schedule → start → complete (5 transitions, each one row in service_order_transition); clients run them back to back for ${seconds} s.`,
          'Moves are timed from the API call to its answer (the workflow update done, its row written, the order read back). The floor is the same shape against a workflow whose update does nothing, sent straight through a Temporal client, on the same server with the same worker tuning (workers/temporal/worker-tuning.ts).',
          `CPU per transition: /proc utime + stime around each run over lifecycles × 5, for the API (${apiProcesses} process), the worker, the Temporal server, and the PostgreSQL backends of the bench's and Temporal's databases. Everything shares the 2 cores.`,
        ],
      };
    } finally {
      await connection.close().catch(() => undefined);
      await Promise.all([stopChild(worker), stopChild(floorWorker), api.stop()]);
      await postgres.close();
      await temporal.stop();
    }
  },
};
