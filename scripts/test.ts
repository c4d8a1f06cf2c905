/**
 * `npm test`: every `*.test.ts(x)` file under the project's source folders, each in a
 * process of its own (two at a time, one per core), against the real PostgreSQL and
 * Redis and a Temporal dev server started for this run on its own port and data folder; the
 * service-order tests (tests/service-order-*) and the chaos run run against a Temporal server on
 * PostgreSQL instead, as production does (TEST_TEMPORAL_ENGINE=dev keeps them on the dev server).
 * Each test file makes its own database; this run has its own Redis key prefix. A failing
 * file's output (with any failing hook's reason) is printed. Ends with one line `N passed, N failed` (skips on the line before).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { PROJECT_ROOT } from './lib/project-paths.js';
import { assertPostgresAnswers, assertRedisAnswers } from './lib/service-checks.js';
import { dropDatabase } from '../infra/database/database-admin.js';
import { ensureTemporalServer, type DevServer } from './lib/temporal-dev-server.js';
import { ensureTemporalPostgresServer, type TemporalServerPorts } from './lib/temporal-server.js';
import { runTestFile } from './lib/test-file-run.js';
import type { FileResult } from './lib/uvu-summary.js';

const SOURCE_FOLDERS = ['domain', 'infra', 'api', 'views', 'workflows', 'workers', 'scripts', 'tests'];
const filter = process.argv.slice(2);

function findTestFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') found.push(...findTestFiles(full));
    else if (/\.test\.tsx?$/.test(entry.name)) found.push(full);
  }
  return found;
}

function testFiles(): string[] {
  const all = SOURCE_FOLDERS.map((folder) => path.join(PROJECT_ROOT, folder))
    .filter((folder) => statSync(folder, { throwIfNoEntry: false })?.isDirectory())
    .flatMap(findTestFiles)
    .map((file) => path.relative(PROJECT_ROOT, file))
    .sort();
  return filter.length ? all.filter((file) => filter.some((word) => file.includes(word))) : all;
}

/** The test files that run against the PostgreSQL-backed Temporal server: the service-order tests and the chaos run. */
const onPostgresTemporal = (file: string) => process.env.TEST_TEMPORAL_ENGINE !== 'dev' && /^tests\/(service-order-[^/]*|chaos)\.test\.tsx?$/.test(file);

/** One test file, on the Temporal server its kind needs. */
function runFile(file: string, baseEnv: Record<string, string>): Promise<FileResult> {
  const env = onPostgresTemporal(file) && postgresTemporalAddress
    ? { ...baseEnv, TEMPORAL_ADDRESS: postgresTemporalAddress, TEST_TEMPORAL_ADDRESS: postgresTemporalAddress } : baseEnv;
  return runTestFile(file, env);
}

async function runAll(files: string[], env: Record<string, string>, parallel: number): Promise<FileResult[]> {
  const results: FileResult[] = [];
  const queue = [...files];
  const lane = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const result = await runFile(file, env);
      results.push(result);
      const mark = result.failed ? 'FAIL' : 'ok  ';
      const skipped = result.skipped ? `, ${result.skipped} skipped` : '';
      process.stdout.write(`${mark} ${file}  (${result.passed} passed, ${result.failed} failed${skipped}, ${(result.ms / 1000).toFixed(1)} s)\n`);
      // TEST_SHOW_OUTPUT=1 shows what passing files print too (the fuzzer's tally, for one).
      if (result.failed || process.env.TEST_SHOW_OUTPUT) process.stdout.write(`${result.output.trim()}\n\n`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return results;
}

async function clearRedisPrefix(url: string, prefix: string) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

const databaseServer = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Listens on a loopback port (0: any free one) to hold it, or null when it is taken. */
async function holdPort(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const probe = createServer().once('error', () => resolve(null)).listen(port, '127.0.0.1', () => resolve(probe));
  });
}

/**
 * Free loopback ports (held until all are found, so they differ), so two test runs never share (or stop)
 * each other's Temporal. `below` bounds them: Temporal stores membership ports as a smallint (< 32768).
 */
async function freePorts(count: number, below?: number): Promise<number[]> {
  const held: Server[] = [];
  while (held.length < count) {
    const probe = await holdPort(below ? 10_000 + Math.floor(Math.random() * (below - 10_000)) : 0);
    if (probe) held.push(probe);
  }
  const ports = held.map((probe) => (probe.address() as { port: number }).port);
  await Promise.all(held.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports;
}

/** The PostgreSQL-backed Temporal server for this run: its own ports and databases, dropped afterwards. */
async function startPostgresTemporal(runId: string): Promise<{ address: string; server: DevServer; cleanUp(): Promise<void> }> {
  const [frontend, frontendHttp, history, matching, worker, metrics] = await freePorts(6);
  const [frontendMembership, historyMembership, matchingMembership, workerMembership] = await freePorts(4, 32_000);
  const ports: TemporalServerPorts = { frontend, frontendHttp, frontendMembership, history, historyMembership, matching, matchingMembership, worker, workerMembership, metrics };
  const databases = { main: `cistern_test_temporal_${runId}`, visibility: `cistern_test_temporal_${runId}_visibility` };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cistern-temporal-server-'));
  const server = await ensureTemporalPostgresServer({
    postgresUrl: databaseServer, databases, ports, namespace: 'default', dataDir, log: (line) => process.stdout.write(`${line}\n`),
  });
  return {
    address: `127.0.0.1:${frontend}`,
    server,
    async cleanUp() {
      await server.stop();
      for (const name of Object.values(databases)) await dropDatabase(`${databaseServer}/${name}`).catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Found together, so they differ (temporal-dev-server.ts: the HTTP API's port, left to the server, once took the gRPC one).
const [temporalPort, temporalUiPort, temporalHttpPort] = await freePorts(3);
const temporalAddress = process.env.TEST_TEMPORAL_ADDRESS ?? `127.0.0.1:${temporalPort}`;
const runId = randomBytes(4).toString('hex');
const redisPrefix = `cistern-test-${runId}`;

await assertPostgresAnswers(`${databaseServer}/postgres`);
await assertRedisAnswers(redisUrl);
const temporalData = mkdtempSync(path.join(os.tmpdir(), 'cistern-temporal-'));
const temporal = await ensureTemporalServer({
  address: temporalAddress, namespace: 'default', uiPort: temporalUiPort, httpPort: temporalHttpPort, dataDir: temporalData,
  log: (line) => process.stdout.write(`${line}\n`),
});

const files = testFiles();
const postgresTemporal = files.some(onPostgresTemporal) ? await startPostgresTemporal(runId) : null;
const postgresTemporalAddress = postgresTemporal?.address;

const env = {
  NODE_ENV: 'test',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  TEST_DATABASE_SERVER: databaseServer,
  REDIS_URL: redisUrl,
  REDIS_PREFIX: redisPrefix,
  TEMPORAL_ADDRESS: temporalAddress,
  TEST_TEMPORAL_ADDRESS: temporalAddress,
  FORCE_COLOR: '0',
  NO_COLOR: '1',
};
process.stdout.write(`Running ${files.length} test files${postgresTemporal ? ` (${files.filter(onPostgresTemporal).length} on the Temporal server on PostgreSQL at ${postgresTemporalAddress})` : ''}…\n`);
let results: FileResult[] = [];
try {
  results = await runAll(files, env, Number(process.env.TEST_PARALLEL ?? 2));
} finally {
  await temporal.stop();
  await postgresTemporal?.cleanUp();
  rmSync(temporalData, { recursive: true, force: true });
  await clearRedisPrefix(redisUrl, redisPrefix).catch(() => undefined);
}
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
const skipped = results.reduce((sum, r) => sum + r.skipped, 0);
// Skips get a line of their own: the last line is always exactly `N passed, N failed` (CI reads it).
if (skipped) process.stdout.write(`\n${skipped} skipped`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
