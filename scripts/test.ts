/**
 * `npm test`: every `*.test.ts(x)` file under the project's source folders, each in a
 * process of its own (two at a time, one per core), against the real PostgreSQL and
 * Redis and a Temporal dev server started for this run on its own port and data folder.
 * Each test file makes its own database; this run has its own Redis key prefix. A failing
 * file's output (with any failing hook's reason) is printed. Ends with `N passed, N failed[, N skipped]`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { PROJECT_ROOT } from './lib/project-paths.js';
import { assertPostgresAnswers, assertRedisAnswers } from './lib/service-checks.js';
import { ensureTemporalServer } from './lib/temporal-dev-server.js';
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

async function runAll(files: string[], env: Record<string, string>, parallel: number): Promise<FileResult[]> {
  const results: FileResult[] = [];
  const queue = [...files];
  const lane = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const result = await runTestFile(file, env);
      results.push(result);
      const mark = result.failed ? 'FAIL' : 'ok  ';
      const skipped = result.skipped ? `, ${result.skipped} skipped` : '';
      process.stdout.write(`${mark} ${file}  (${result.passed} passed, ${result.failed} failed${skipped}, ${(result.ms / 1000).toFixed(1)} s)\n`);
      if (result.failed) process.stdout.write(`${result.output.trim()}\n\n`);
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
/** A free loopback port, so two test runs on one machine never share (or stop) each other's Temporal. */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const temporalAddress = process.env.TEST_TEMPORAL_ADDRESS ?? `127.0.0.1:${await freePort()}`;
const redisPrefix = `cistern-test-${randomBytes(4).toString('hex')}`;

await assertPostgresAnswers(`${databaseServer}/postgres`);
await assertRedisAnswers(redisUrl);
const temporalData = mkdtempSync(path.join(os.tmpdir(), 'cistern-temporal-'));
const temporal = await ensureTemporalServer({
  address: temporalAddress, namespace: 'default', uiPort: await freePort(), dataDir: temporalData,
  log: (line) => process.stdout.write(`${line}\n`),
});

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
const files = testFiles();
process.stdout.write(`Running ${files.length} test files…\n`);
let results: FileResult[] = [];
try {
  results = await runAll(files, env, Number(process.env.TEST_PARALLEL ?? 2));
} finally {
  await temporal.stop();
  rmSync(temporalData, { recursive: true, force: true });
  await clearRedisPrefix(redisUrl, redisPrefix).catch(() => undefined);
}
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
const skipped = results.reduce((sum, r) => sum + r.skipped, 0);
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
