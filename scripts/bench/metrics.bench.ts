/**
 * The nightly-metrics benchmark: the first run and a same-day rerun (100,000 accounts with
 * 24 months of history by default; `npm run bench -- --accounts 1000000 --database
 * cistern_1m metrics` at a million), on a throw-away copy of the bench database.
 */
import { sql } from 'kysely';
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropDatabase, withAdmin, withPlainClient } from '../../infra/database/database-admin.js';
import type { ChildReport } from './metrics-run.child.js';
import type { Bench } from './bench-kit.js';
import { standInForAutovacuum } from './autovacuum-stand-in.js';

/*
 * The nightly metrics run, in under 2 minutes at 100,000 accounts and 5 at 1,000,000, in
 * under 1 GiB: wall time and peak memory of the first run
 * (every account's metrics filled in, as on the first night) and of a rerun the same day
 * (reads everything, writes nothing).
 *
 * It writes, so it runs on a copy of the bench database (`CREATE DATABASE … TEMPLATE`),
 * which it drops afterwards; the read benchmarks keep their data as seeded. Each run is a
 * process of its own, so the peak RSS measured is the run's, not the bench's.
 */
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'metrics-run.child.ts');
const RSS_LIMIT_MB = 1024;

/** Seconds allowed: 2 minutes up to 100,000 accounts, 5 minutes beyond (the targets of issues 4 and 12). */
export function secondsAllowed(accounts: number): number {
  return accounts <= 100_000 ? 120 : 300;
}

/**
 * Why the first run cannot be measured when `scored` accounts were scored by an earlier nightly run, or null. The
 * first run's row is the run after a bulk load, which fills every account; on scored accounts it writes only what
 * moved (at 1,000,000 accounts after the load bench's own nightly pass: 18,765 rows, 177 s instead of ~227 s).
 */
export function firstRunProblem(scored: number): string | null {
  if (scored === 0) return null;
  return `${scored.toLocaleString('en-US')} accounts of the bench database were scored by an earlier nightly run (the load bench runs one): `
    + 'the first run must fill accounts no run has scored. Seed it again (npm run bench -- [--accounts N] seed), then run metrics before load.';
}

/** Accounts a nightly run has scored. */
async function scoredAccounts(databaseUrl: string): Promise<number> {
  return withPlainClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ n: string }>('select count(*) as n from account where metrics_computed_at is not null');
    return Number(rows[0].n);
  });
}

/** Rows inserted, updated and deleted in the database's tables so far, as the statistics collector counts them. */
async function tupleWrites(databaseUrl: string): Promise<number> {
  // A backend's counts reach the shared statistics when it goes idle or exits (the run's pool has closed); give them a moment.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return withPlainClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ writes: string }>(
      'select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) as writes from pg_stat_user_tables',
    );
    return Number(rows[0].writes);
  });
}

/**
 * A copy of the bench database to write on (the read benchmarks keep their data as seeded).
 * FILE_COPY copies the files without writing them all to the WAL: minutes, not most of an
 * hour, at 1,000,000 accounts (~16 GB). It fails while anyone is connected to the bench
 * database; then the bench fails too rather than write to the original.
 */
async function copyOf(databaseUrl: string, log: (line: string) => void): Promise<string> {
  const copy = new URL(databaseUrl);
  copy.pathname = `${copy.pathname}_metrics_copy`;
  await dropDatabase(copy.toString());
  // CREATE DATABASE runs on the server's maintenance database, before any ORM exists for the copy.
  return withAdmin(databaseUrl, async (admin, name) => {
    const started = performance.now();
    await sql`create database ${sql.id(`${name}_metrics_copy`)} template ${sql.id(name)} strategy file_copy`.execute(admin);
    log(`copied ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return copy.toString();
  });
}

/** Runs the nightly job in a process of its own (metrics-run.child.ts), so its peak RSS is the run's alone. */
function measuredRun(databaseUrl: string, log: (line: string) => void): Promise<ChildReport> {
  const child = fork(CHILD, [databaseUrl], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_METRICS_NODE_FLAGS ?? '').split(' ').filter(Boolean)] });
  return new Promise((resolve, reject) => {
    let report: ChildReport | null = null;
    child.on('message', (message) => { report = message as ChildReport; });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (report === null) reject(new Error(`the metrics run exited with ${code} and no result`));
      else {
        for (const p of report.phases) log(`  ${p.phase}: ${p.seconds.toFixed(1)} s, peak RSS ${p.peakRssMb.toFixed(0)} MB, heap ${p.peakHeapMb.toFixed(0)} MB`);
        resolve(report);
      }
    });
  });
}

const phaseLine = (run: ChildReport) => run.phases
  .map((p) => `${p.phase} ${p.seconds.toFixed(1)} s (${p.peakRssMb.toFixed(0)} / ${p.peakHeapMb.toFixed(0)} MB)`).join(', ');

export const metricsBench: Bench = {
  key: 'metrics',
  sources: ['domain/metrics/', 'domain/accounts/account-insights.ts', 'domain/accounts/health-score.ts', 'domain/accounts/vip.ts', 'domain/billing/', 'domain/readings/', 'domain/audit/audit.ts', 'domain/common/calendar.ts', 'infra/metrics/', 'infra/database/orm.ts', 'migrations/', 'scripts/bench/metrics.bench.ts', 'scripts/bench/metrics-run.child.ts'],
  async run({ databaseUrl, log }) {
    // As autovacuum would have left it: a fresh seed has never been vacuumed, so without this the first run
    // also sets the hint bits of every row it reads (writing most of the database back), which a production
    // database did long ago (at 1,000,000 accounts, straight after a seed: first run 627.9 s, rerun 364.6 s).
    const problem = firstRunProblem(await scoredAccounts(databaseUrl));
    if (problem) throw new Error(problem);
    const vacuumNote = await standInForAutovacuum(databaseUrl, log);
    const copy = await copyOf(databaseUrl, log);
    try {
      log('first run…');
      const first = await measuredRun(copy, log);
      log('rerun the same day…');
      const before = await tupleWrites(copy);
      const rerun = await measuredRun(copy, log);
      const rerunTuples = (await tupleWrites(copy)) - before;
      const accounts = first.result.accounts;
      const limit = secondsAllowed(accounts);
      return {
        title: `Nightly metrics at ${accounts.toLocaleString('en-US')} accounts`,
        rows: [
          { metric: 'first run (fills every account)', value: `${first.seconds.toFixed(1)} s`, target: `< ${limit} s`, pass: first.seconds < limit },
          { metric: 'first run: accounts per second', value: Math.round(accounts / first.seconds).toLocaleString('en-US') },
          { metric: 'first run: rows written', value: first.result.written.toLocaleString('en-US') },
          { metric: 'first run: peak RSS / heap', value: `${first.peakRssMb.toFixed(0)} MB / ${first.peakHeapMb.toFixed(0)} MB`, target: `< ${RSS_LIMIT_MB} MB RSS`, pass: first.peakRssMb < RSS_LIMIT_MB },
          { metric: 'rerun the same day', value: `${rerun.seconds.toFixed(1)} s`, target: `< ${limit} s`, pass: rerun.seconds < limit },
          { metric: 'rerun: rows written (job\'s count)', value: String(rerun.result.written), target: '0', pass: rerun.result.written === 0 && !rerun.result.snapshotChanged },
          { metric: 'rerun: rows inserted + updated + deleted (pg_stat_user_tables delta)', value: String(rerunTuples), target: '0', pass: rerunTuples === 0 },
          { metric: 'rerun: peak RSS / heap', value: `${rerun.peakRssMb.toFixed(0)} MB / ${rerun.peakHeapMb.toFixed(0)} MB`, target: `< ${RSS_LIMIT_MB} MB RSS`, pass: rerun.peakRssMb < RSS_LIMIT_MB },
          { metric: 'first run by phase: seconds (peak RSS / heap)', value: phaseLine(first) },
          { metric: 'rerun by phase: seconds (peak RSS / heap)', value: phaseLine(rerun) },
        ],
        notes: [
          `Chunks of 1,000 accounts, 3 in flight; each chunk: 8 set-based SELECTs in one REPEATABLE READ snapshot, ` +
          '`accountInsights` (the profile\'s own assembly of the domain rules) per account, one UPDATE … FROM jsonb_to_recordset ' +
          'of the rows whose values differ. Then the reading sweep and the dashboard snapshot. ' +
          `First run: ${first.result.toCollection} to collection, ${first.result.toActive} back to active, ` +
          `${first.result.anomalyNoticesQueued} anomaly notices queued, ${first.result.stalePendingReadings} stale flagged readings, ` +
          `${first.result.missedReads} missed reads. Run on a copy of the bench database, dropped afterwards. ` +
          `The rerun reads right after ${first.result.written.toLocaleString('en-US')} rows were rewritten (dead tuples not vacuumed yet), the slow case. ` +
          'Each run is a process of its own (metrics-run.child.ts), its RSS and heap sampled every 50 ms; other processes share the machine, so times vary from run to run.',
          ...(vacuumNote ? [vacuumNote] : []),
        ],
      };
    } finally {
      await dropDatabase(copy);
    }
  },
};
