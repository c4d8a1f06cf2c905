/**
 * `bash scripts/up.sh`: the whole system on this machine. Checks PostgreSQL and Redis,
 * starts the Temporal dev server unless one answers, migrates, seeds demo data into an
 * empty database, then runs and watches the API and both workers until Ctrl-C.
 */
import type { ChildProcess } from 'node:child_process';
import { config } from '../domain/config.js';
import { migrateDatabase } from '../domain/migrate.js';
import { spawnTs, runTs, stopChild } from './lib/processes.js';
import { assertPostgresAnswers, assertRedisAnswers } from './lib/service-checks.js';
import { ensureTemporalServer } from './lib/temporal-dev-server.js';

const settings = config();
const say = (line: string) => process.stdout.write(`[up] ${line}\n`);
const SERVICES: Record<string, string> = {
  api: 'api/server.ts',
  'temporal-worker': 'workers/temporal.ts',
  'jobs-worker': 'workers/jobs.ts',
};

async function prepare() {
  await assertPostgresAnswers(settings.DATABASE_URL);
  await assertRedisAnswers(settings.REDIS_URL);
  const temporal = await ensureTemporalServer({
    address: settings.TEMPORAL_ADDRESS, namespace: settings.TEMPORAL_NAMESPACE, uiPort: settings.TEMPORAL_UI_PORT, log: say,
  });
  const applied = await migrateDatabase(settings.DATABASE_URL);
  say(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');
  await runTs('scripts/seed.ts', process.argv.slice(2));
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

function printWelcome(baseUrl: string) {
  say('Cistern is running.');
  say(`  URL:       ${baseUrl}`);
  say(`  Temporal:  http://127.0.0.1:${settings.TEMPORAL_UI_PORT} (when started here)`);
  say(`  Sign in with password "${settings.DEMO_PASSWORD}" as:`);
  for (const role of ['agent', 'dispatcher', 'admin']) say(`    ${role.padEnd(10)} ${role}@example.com`);
  say('Press Ctrl-C to stop.');
}

const temporal = await prepare();
const running = new Map<string, ChildProcess>();
let shuttingDown = false;
for (const [name, entry] of Object.entries(SERVICES)) supervise(name, entry, running, () => shuttingDown);

const baseUrl = settings.PUBLIC_URL ?? `http://${settings.HOST === '0.0.0.0' ? '127.0.0.1' : settings.HOST}:${settings.PORT}`;
const health = await waitForHealth(`${baseUrl}/health`, 90_000);
if (health) printWelcome(baseUrl);
else say(`The API did not report healthy within 90 s; check ${baseUrl}/health`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    shuttingDown = true;
    say('Stopping…');
    await Promise.all([...running.values()].map((child) => stopChild(child)));
    await temporal.stop();
    process.exit(0);
  });
}
