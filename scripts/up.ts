/**
 * `bash scripts/up.sh [--temporal dev|server] [seed options]`: the whole system on this machine. Checks
 * PostgreSQL and Redis, starts Temporal unless one answers (the quick dev server, or with `--temporal server`
 * the production-like server on PostgreSQL), migrates, seeds demo data into an empty database, then runs
 * and watches the API and both workers until Ctrl-C.
 */
import type { ChildProcess } from 'node:child_process';
import { config } from '../infra/config.js';
import { migrateDatabase } from '../infra/database/migrate.js';
import { spawnTs, runTs, stopChild } from './lib/processes.js';
import { assertPostgresAnswers, assertRedisAnswers } from './lib/service-checks.js';
import path from 'node:path';
import { DATA_DIR } from './lib/project-paths.js';
import { ensureTemporalServer } from './lib/temporal-dev-server.js';
import { ensureTemporalPostgresServer, portsFrom } from './lib/temporal-server.js';

const settings = config();
const say = (line: string) => process.stdout.write(`[up] ${line}\n`);
const SERVICES: Record<string, string> = {
  api: 'api/server.ts',
  'temporal-worker': 'workers/temporal.ts',
  'jobs-worker': 'workers/jobs.ts',
};
// On a development machine the configured SMTP and SMS endpoints are local: run the
// receiving ends too, so demo notifications are delivered (and printed) instead of failing.
const isLocal = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
if (isLocal(settings.SMTP_URL) && isLocal(settings.SMS_PROVIDER_URL)) SERVICES['notification-sinks'] = 'scripts/notification-sinks.ts';

/** `--temporal dev|server` picks the engine; every other argument goes to the seed. */
function parseArguments(args: string[]): { engine: 'dev' | 'server'; seedArgs: string[] } {
  const at = args.indexOf('--temporal');
  if (at === -1) return { engine: 'dev', seedArgs: args };
  const engine = args[at + 1];
  if (engine !== 'dev' && engine !== 'server') throw new Error(`--temporal takes "dev" (the default) or "server", not "${engine ?? ''}"`);
  return { engine, seedArgs: [...args.slice(0, at), ...args.slice(at + 2)] };
}

/** The Temporal server on PostgreSQL, its databases beside Cistern's on the same PostgreSQL server. */
function startPostgresTemporal() {
  const postgres = new URL(settings.DATABASE_URL);
  postgres.pathname = '';
  return ensureTemporalPostgresServer({
    postgresUrl: postgres.toString(), databases: { main: 'cistern_temporal', visibility: 'cistern_temporal_visibility' },
    ports: portsFrom(Number(settings.TEMPORAL_ADDRESS.split(':')[1])), namespace: settings.TEMPORAL_NAMESPACE,
    dataDir: path.join(DATA_DIR, 'temporal-server'), log: say,
  });
}

async function prepare() {
  const { engine, seedArgs } = parseArguments(process.argv.slice(2));
  await assertPostgresAnswers(settings.DATABASE_URL);
  await assertRedisAnswers(settings.REDIS_URL);
  const temporal = engine === 'server' ? await startPostgresTemporal() : await ensureTemporalServer({
    address: settings.TEMPORAL_ADDRESS, namespace: settings.TEMPORAL_NAMESPACE, uiPort: settings.TEMPORAL_UI_PORT, log: say,
  });
  const applied = await migrateDatabase(settings.DATABASE_URL);
  say(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');
  await runTs('scripts/seed.ts', seedArgs);
  return temporal;
}

/** Runs a service and restarts it if it dies, with a growing pause, until shutdown. */
function supervise(name: string, entry: string, running: Map<string, ChildProcess>, stopping: () => boolean) {
  let restarts = 0;
  const start = () => {
    const child = spawnTs(entry, [], { CISTERN_SERVICE: name });
    running.set(name, child);
    child.once('exit', (code) => {
      if (stopping()) return;
      restarts += 1;
      say(`${name} exited with code ${code}; restarting (${restarts})…`);
      setTimeout(start, Math.min(restarts * 1000, 10_000));
    });
  };
  start();
}

async function waitForHealth(url: string, timeoutMs: number): Promise<Record<string, string> | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      const body = (await response.json()) as Record<string, string>;
      if (response.ok) return body;
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return null;
}

/** Freshly seeded accounts have no stored metrics yet: ask for one metrics run, as an admin would. */
async function runMetricsOnce(baseUrl: string) {
  try {
    const login = await fetch(`${baseUrl}/api/v1/auth/token`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: settings.DEMO_PASSWORD }),
    });
    if (login.status !== 201) return;
    const { token } = (await login.json()) as { token: string };
    const run = await fetch(`${baseUrl}/api/v1/jobs/metrics`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    if (run.status === 202) say('Metrics run queued (health scores, VIP, collection status, dashboard snapshot).');
  } catch { /* the nightly schedule will do it */ }
}

function printWelcome(baseUrl: string) {
  say('Cistern is running.');
  say(`  URL:       ${baseUrl}`);
  say(`  Temporal:  http://127.0.0.1:${settings.TEMPORAL_UI_PORT} (when started here)`);
  say(`  Sign in with password "${settings.DEMO_PASSWORD}" as:`);
  for (const role of ['agent', 'dispatcher', 'admin']) say(`    ${role.padEnd(10)} ${role}@example.com`);
  say(`    ${'consumer'.padEnd(10)} john.doe@example.com (the portal at ${baseUrl}/my, account WU-10001)`);
  say('Press Ctrl-C to stop.');
}

const temporal = await prepare();
const running = new Map<string, ChildProcess>();
let shuttingDown = false;
for (const [name, entry] of Object.entries(SERVICES)) supervise(name, entry, running, () => shuttingDown);

const baseUrl = settings.PUBLIC_URL ?? `http://${settings.HOST === '0.0.0.0' ? '127.0.0.1' : settings.HOST}:${settings.PORT}`;
const health = await waitForHealth(`${baseUrl}/health`, 90_000);
if (health) {
  await runMetricsOnce(baseUrl);
  printWelcome(baseUrl);
} else say(`The API did not report healthy within 90 s; check ${baseUrl}/health`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    shuttingDown = true;
    say('Stopping…');
    await Promise.all([...running.values()].map((child) => stopChild(child)));
    await temporal.stop();
    process.exit(0);
  });
}
