/**
 * The nightly-metrics benchmark: the first run and a same-day rerun (100,000 accounts with
 * 24 months of history by default; `npm run bench -- --accounts 1000000 --database
 * cistern_1m metrics` at a million), on a throw-away copy of the bench database.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { dropDatabase, withAdmin } from '../../infra/database/database-admin.js';
import { openOrm } from '../../infra/database/orm.js';
import { runNightlyMetrics, type MetricsRunResult } from '../../domain/metrics/metrics-run.js';
import type { Bench } from './bench-kit.js';

/*
 * The nightly metrics run, in under 2 minutes at 100,000 accounts and 5 at 1,000,000, in
 * under 1 GiB: wall time and peak memory of the first run
 * (every account's metrics filled in, as on the first night) and of a rerun the same day
 * (reads everything, writes nothing).
 *
 * It writes, so it runs on a copy of the bench database (`CREATE DATABASE … TEMPLATE`),
 * which it drops afterwards; the read benchmarks keep their data as seeded. When the
 * copy cannot be made (someone is connected to the bench database) it runs in place and
 * says so.
 */
const MB = 2 ** 20;
const RSS_LIMIT_MB = 1024;

/** Seconds allowed: 2 minutes up to 100,000 accounts, 5 minutes beyond (the targets of issues 4 and 12). */
export function secondsAllowed(accounts: number): number {
  return accounts <= 100_000 ? 120 : 300;
}

/** Rows inserted, updated and deleted in the database's tables so far, as the statistics collector counts them. */
async function tupleWrites(databaseUrl: string): Promise<number> {
  // A backend's counts reach the shared statistics when it goes idle or exits (the run's pool has closed); give them a moment.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ writes: string }>(
      'select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) as writes from pg_stat_user_tables',
    );
    return Number(rows[0].writes);
  } finally {
    await client.end();
  }
}

async function copyOf(databaseUrl: string, log: (line: string) => void): Promise<string | null> {
  const copy = new URL(databaseUrl);
  copy.pathname = `${copy.pathname}_metrics_copy`;
  await dropDatabase(copy.toString());
  // CREATE DATABASE runs on the server's maintenance database, before any ORM exists for the copy.
  return withAdmin(databaseUrl, async (admin, name) => {
    try {
      const started = performance.now();
      await sql`create database ${sql.id(`${name}_metrics_copy`)} template ${sql.id(name)}`.execute(admin);
      log(`copied ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return copy.toString();
    } catch (error) {
      log(`could not copy ${name} (${(error as Error).message}); running in place`);
      return null;
    }
  });
}

/** Runs the nightly job as the jobs worker does (its pool size), sampling this process's memory. */
async function measuredRun(databaseUrl: string, log: (line: string) => void): Promise<{ result: MetricsRunResult; seconds: number; peakRssMb: number; peakHeapMb: number }> {
  const orm = await openOrm(databaseUrl, { poolMax: 10 });
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  const timer = setInterval(sample, 50);
  try {
    const started = performance.now();
    let lastLogged = -1;
    const result = await runNightlyMetrics(orm, {
      timeZone: process.env.UTILITY_TIME_ZONE ?? 'America/Chicago',
      onProgress: (p) => {
        if (p.percent >= lastLogged + 25) {
          lastLogged = p.percent;
          log(`${p.phase} ${p.percent}% (${p.accountsDone}/${p.accountsTotal}) at ${((performance.now() - started) / 1000).toFixed(1)} s`);
        }
      },
    });
    sample();
    return { result, seconds: (performance.now() - started) / 1000, peakRssMb: peakRss / MB, peakHeapMb: peakHeap / MB };
  } finally {
    clearInterval(timer);
    await orm.close();
  }
}

export const metricsBench: Bench = {
  key: 'metrics',
  sources: ['domain/metrics/', 'domain/accounts/account-insights.ts', 'domain/accounts/health-score.ts', 'domain/accounts/vip.ts', 'domain/billing/', 'domain/readings/', 'domain/common/calendar.ts', 'migrations/', 'scripts/bench/metrics.bench.ts'],
  async run({ databaseUrl, accounts: seeded, log }) {
    // Copying a database of more than 100,000 accounts costs more than the run (and fails while anyone is connected):
    // there the run writes the bench database itself, which a freshly seeded one is meant for (metrics are not seeded).
    const copy = seeded > 100_000 ? null : await copyOf(databaseUrl, log);
    if (copy === null) log(`running in place on ${new URL(databaseUrl).pathname.slice(1)}`);
    const target = copy ?? databaseUrl;
    try {
      log('first run…');
      const first = await measuredRun(target, log);
      log('rerun the same day…');
      const before = await tupleWrites(target);
      const rerun = await measuredRun(target, log);
      const rerunTuples = (await tupleWrites(target)) - before;
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
          { metric: 'rerun: rows written (job\'s count)', value: String(rerun.result.written), target: '0', pass: rerun.result.written === 0 && !rerun.result.snapshot.changed },
          { metric: 'rerun: rows inserted + updated + deleted (pg_stat_user_tables delta)', value: String(rerunTuples), target: '0', pass: rerunTuples === 0 },
          { metric: 'rerun: peak RSS / heap', value: `${rerun.peakRssMb.toFixed(0)} MB / ${rerun.peakHeapMb.toFixed(0)} MB`, target: `< ${RSS_LIMIT_MB} MB RSS`, pass: rerun.peakRssMb < RSS_LIMIT_MB },
        ],
        notes: [
          `Chunks of 1,000 accounts, 3 in flight; each chunk: 8 set-based SELECTs in one REPEATABLE READ snapshot, ` +
          '`accountInsights` (the profile\'s own assembly of the domain rules) per account, one UPDATE … FROM jsonb_to_recordset ' +
          'of the rows whose values differ. Then the reading sweep and the dashboard snapshot. ' +
          `First run: ${first.result.toCollection} to collection, ${first.result.toActive} back to active, ` +
          `${first.result.sweep.anomalyNoticesQueued} anomaly notices queued, ${first.result.sweep.stalePendingReadings} stale flagged readings, ` +
          `${first.result.sweep.missedReads} missed reads. ${copy ? 'Run on a copy of the bench database, dropped afterwards.' : '**Run in place** on the bench database (no copy made at this size, or none could be made).'} ` +
          `The rerun reads right after ${first.result.written.toLocaleString('en-US')} rows were rewritten (dead tuples not vacuumed yet), the slow case. ` +
          'Peak RSS is this process sampled every 50 ms; other processes share the machine, so times vary from run to run.',
        ],
      };
    } finally {
      if (copy) await dropDatabase(copy);
    }
  },
};
