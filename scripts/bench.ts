/**
 * `npm run bench [-- [--accounts N] [--database NAME|URL] [--stale-only] [key …]]`: runs the benchmarks
 * (all, or those named) and writes their results into BENCHMARKS.md with the machine, the
 * date, the commit and the source files each one measures. Sections not run this time are
 * kept, and marked stale when their sources changed since their commit (`--stale-only`:
 * just that, running nothing). Exits 1 when a
 * target was missed or a bench did not finish, naming each.
 *
 * The default database is `cistern_bench` with 100,000 accounts, over the local server's Unix
 * socket when it has one (scripts/bench/bench-database-url.ts; BENCH_DATABASE_URL and
 * BENCH_ACCOUNTS override); at another size the sections get their own keys (`metrics-1m`),
 * so the 100,000-account results stay beside them. A bench that reads the seeded accounts refuses a
 * database whose count is not within a tenth of that size (scripts/bench/bench-size.ts). The benches that
 * run compiled code get `dist/` built from this checkout first (scripts/bench/compiled-build.ts).
 */
import { cpus, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readCommandLine } from './lib/command-line.js';
import { sql } from 'kysely';
import { withAdmin } from '../infra/database/database-admin.js';
import type { Bench, BenchSection } from './bench/bench-kit.js';
import { exitCodeFor, failures, mergeSection, renderSection, sectionsOf, staleLine, withStaleLine } from './bench/bench-report.js';
import { profileBench } from './bench/profile.bench.js';
import { dashboardBench } from './bench/dashboard.bench.js';
import { searchBench } from './bench/search.bench.js';
import { seedBench } from './bench/seed.bench.js';
import { serviceOrdersBench } from './bench/service-orders.bench.js';
import { changesSince, hasUncommittedChanges, headCommit } from './bench/git-history.js';
import { PROJECT_ROOT } from './lib/project-paths.js';
import { notificationsBench } from './bench/notifications.bench.js';
import { metricsBench } from './bench/metrics.bench.js';
import { timelineBench } from './bench/timeline.bench.js';
import { loadBench } from './bench/load.bench.js';
import { benchDatabaseUrl, connectionKind, defaultBenchDatabaseUrl } from './bench/bench-database-url.js';
import { migrateDatabase } from '../infra/database/migrate.js';
import { seededAccounts, sizeMismatch } from './bench/bench-size.js';
import { buildCompiledCode, needsBuild } from './bench/compiled-build.js';

const BENCHES: Bench[] = [seedBench, dashboardBench, searchBench, profileBench, serviceOrdersBench];
BENCHES.push(notificationsBench, metricsBench, timelineBench);
BENCHES.push(loadBench);

const DEFAULT_ACCOUNTS = 100_000;
const USAGE = `usage: npm run bench -- [--accounts N] [--database NAME|URL] [--stale-only] [key …]\nkeys: ${BENCHES.map((b) => b.key).join(', ')}`;
const { values, positionals: wanted } = readCommandLine({
  options: { accounts: { type: 'string' }, database: { type: 'string' }, 'stale-only': { type: 'boolean', default: false } },
  allowPositionals: true,
}, USAGE);

const databaseUrl = benchDatabaseUrl(values.database, process.env.BENCH_DATABASE_URL ?? defaultBenchDatabaseUrl());
const accounts = Number(values.accounts ?? process.env.BENCH_ACCOUNTS ?? DEFAULT_ACCOUNTS);
if (!Number.isSafeInteger(accounts) || accounts < 1) {
  process.stderr.write(`--accounts must be a positive integer, got ${values.accounts}\n`);
  process.exit(64);
}
const unknown = wanted.filter((key) => !BENCHES.some((bench) => bench.key === key));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.key).join(', ')}\n`);
  process.exit(64);
}
const file = path.join(PROJECT_ROOT, 'BENCHMARKS.md');

/** The section key for this size: the bench's own at 100,000 accounts, `key-1m` (`-250k`, …) otherwise. */
function sectionKey(bench: Bench): string {
  if (accounts === DEFAULT_ACCOUNTS) return bench.key;
  const size = accounts % 1_000_000 === 0 ? `${accounts / 1_000_000}m` : accounts % 1000 === 0 ? `${accounts / 1000}k` : String(accounts);
  return `${bench.key}-${size}`;
}

/** Asked of the server's `postgres` database: the bench database may not exist before the seed bench makes it. */
function postgresVersion(): Promise<string> {
  return withAdmin(databaseUrl, async (admin) => (await sql<{ server_version: string }>`show server_version`.execute(admin)).rows[0].server_version);
}

/** Every section not measured just now gets its stale line from git (set, replaced, or removed). */
function markStale(document: string, measuredNow: ReadonlySet<string>): string {
  let marked = document;
  for (const section of sectionsOf(document)) {
    if (measuredNow.has(section.key)) continue;
    const changes = section.provenance ? changesSince(section.provenance.commit, section.provenance.sources) : [];
    const line = staleLine(section.provenance, changes);
    if (line !== null) process.stdout.write(`bench ${section.key}: ${line}\n`);
    marked = marked.replace(section.text, () => withStaleLine(section.text, line));
  }
  return marked;
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${await postgresVersion()} ${connectionKind(databaseUrl)}`;
/** The benches whose figures depend on how many accounts are seeded: the database must hold the size their section names. */
const READS_THE_SEEDED_ACCOUNTS: ReadonlySet<Bench> = new Set([dashboardBench, searchBench, profileBench, timelineBench, metricsBench, loadBench]);
const selected = values['stale-only'] ? [] : wanted.length ? BENCHES.filter((bench) => wanted.includes(bench.key)) : BENCHES;
if (needsBuild(selected)) {
  process.stdout.write('building dist/ (npm run build): the load and service-order benches run the compiled code of this checkout…\n');
  try {
    buildCompiledCode();
  } catch {
    process.stderr.write('npm run build failed (its output is above): no bench ran\n');
    process.exit(1);
  }
}
let document = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\nWritten by `npm run bench`; each section says when and where it was measured.\n';
const results: Array<{ key: string; section?: BenchSection; error?: string }> = [];
const measuredNow = new Set<string>();
for (const bench of selected) {
  const key = sectionKey(bench);
  process.stdout.write(`bench ${key}…\n`);
  const provenance = { commit: headCommit(), sources: bench.sources, dirty: hasUncommittedChanges(bench.sources) };
  try {
    // A database seeded by older code lacks the newer migrations the code under test relies on; the seed makes its own.
    if (bench !== seedBench) {
      const applied = await migrateDatabase(databaseUrl);
      if (applied.length) process.stdout.write(`  migrated the bench database: ${applied.join(', ')}\n`);
    }
    if (READS_THE_SEEDED_ACCOUNTS.has(bench)) {
      const mismatch = sizeMismatch(await seededAccounts(databaseUrl), accounts);
      if (mismatch) throw new Error(mismatch);
    }
    const section = await bench.run({ databaseUrl, accounts, log: (line) => process.stdout.write(`  ${line}\n`) });
    results.push({ key, section });
    const when = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}`;
    document = mergeSection(document, key, renderSection(section, key, when, provenance));
    measuredNow.add(key);
    writeFileSync(file, document);
    for (const row of section.rows) process.stdout.write(`  ${row.metric}: ${row.value}${row.target ? ` (target ${row.target})` : ''}${row.pass === false ? ' FAIL' : ''}\n`);
  } catch (error) {
    process.stderr.write(`bench ${key} did not finish: ${(error as Error).stack ?? error}\n`);
    results.push({ key, error: (error as Error).message.split('\n')[0] });
  }
}
writeFileSync(file, markStale(document, measuredNow));

const failed = failures(results);
if (failed.length > 0) {
  process.stderr.write(`\n${failed.length} failed:\n${failed.map((line) => `  ${line}\n`).join('')}`);
} else if (results.length > 0) {
  process.stdout.write(`\nall ${results.length} benches met their targets\n`);
}
process.exit(exitCodeFor(failed));
