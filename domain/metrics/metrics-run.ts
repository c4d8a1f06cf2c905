/**
 * The nightly metrics run (docs/rules.md#nightly-metrics): the day's estimated readings
 * (docs/rules.md#estimated-readings), then every account's compliance, health score with its
 * components, VIP (a pin beats the rule), balance and collection status, then the
 * reading anomaly sweep and the day's dashboard snapshot. The VIP consumption bar is computed once a
 * day, by its first run; a rerun that day reuses it (domain/readings/consumption-bar.ts).
 *
 * Set-based and chunked: account ids are read in chunks (1,000 by default, by keyset); each
 * chunk's facts are read with eight statements for the whole chunk, computed with the
 * domain's own `accountInsights`, and only the rows whose values differ are written, in
 * one statement. A few chunks are in flight at once, so reading, computing and writing
 * overlap and memory stays flat. Runs never overlap: a second run waits for the first
 * (an advisory lock) and then, on the same day, finds nothing to change.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { db } from '../common/database.js';
import { getSetting } from '../settings/settings.js';
import { consumptionBarForDay } from '../readings/consumption-bar.js';
import { workChunk, type ChunkContext, type ChunkWorker } from './metrics-chunk.js';
import { writeDashboardSnapshot, type SnapshotResult } from './metrics-snapshot.js';
import { utilityIsoDay } from '../common/calendar.js';
import { sweepReadings, type SweepResult } from './metrics-sweep.js';
import type { ChunkWrite } from './metrics-write.js';
import { vipSettingsFrom } from '../accounts/vip-settings.js';
import { accountCount, accountIdChunks } from './account-chunks.js';
import { eachInFlight } from '../common/in-flight.js';
import { estimateMissingReadings, type EstimatesResult } from './metrics-estimates.js';

export interface MetricsProgress { percent: number; phase: 'estimates' | 'accounts' | 'readings' | 'snapshot' | 'done'; accountsDone: number; accountsTotal: number }

export interface MetricsRunOptions {
  timeZone: string;
  /** Default now. Every rule compares by calendar day, so any time of the same day gives the same result. */
  asOf?: Date;
  /** Chunks, and ranges of meters being estimated, in flight at once (each holds one database connection while it reads or writes). */
  parallel?: number;
  /**
   * Where chunks are worked: default here, in this process. The jobs worker passes lanes on other
   * threads (infra/metrics/metrics-lanes.ts), so the rules' JavaScript runs on every core.
   */
  chunkWorker?: ChunkWorker;
  onProgress?(progress: MetricsProgress): Promise<void> | void;
}

export interface MetricsRunResult extends ChunkWrite {
  asOf: string;
  day: string;
  accounts: number;
  consumptionBar: number | null;
  estimates: EstimatesResult;
  sweep: SweepResult;
  snapshot: SnapshotResult;
  seconds: number;
}

const RUN_LOCK = 7_340_212; // any constant: one metrics run at a time per database

async function withRunLock<T>(orm: MikroORM, work: () => Promise<T>): Promise<T> {
  return orm.em.fork().transactional(async (em) => {
    await db(em).selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.val(RUN_LOCK)]).as('locked')).execute();
    return work();
  });
}

/**
 * Both results once both are done; the first failure is thrown only then, so no query of the run is
 * still running when the run's lock is let go.
 */
async function bothSettled<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
}

export async function runNightlyMetrics(orm: MikroORM, options: MetricsRunOptions): Promise<MetricsRunResult> {
  return withRunLock(orm, async () => {
    const started = performance.now();
    const asOf = options.asOf ?? new Date();
    const em = orm.em.fork();
    const report = (progress: MetricsProgress) => options.onProgress?.(progress);
    await report({ percent: 0, phase: 'estimates', accountsDone: 0, accountsTotal: 0 });
    const day = utilityIsoDay(asOf, options.timeZone);
    const settings = await getSetting(em, 'metrics');
    const vipRow = await db(em).selectFrom('setting').select('value').where('key', '=', 'vip').executeTakeFirst();
    const vipSettings = vipSettingsFrom(vipRow?.value);
    // Estimates first: the day's consumption, health and VIP then count them. The VIP bar reads only
    // bills and account statuses, which the estimates do not touch, so it is found meanwhile on a
    // connection of its own (13.8 s of PostgreSQL at 1,000,000 accounts, beside the estimates' own
    // statements).
    const parallel = options.parallel ?? 3;
    const [estimates, consumptionBar] = await bothSettled(
      estimateMissingReadings(orm, day, options.timeZone, parallel),
      consumptionBarForDay(orm.em.fork(), vipSettings.consumptionPercentile, day, asOf),
    );
    const total = await accountCount(orm);
    await report({ percent: 0, phase: 'accounts', accountsDone: 0, accountsTotal: total });
    const totals: ChunkWrite = { written: 0, skippedConcurrent: 0, toCollection: 0, toActive: 0, overdueNotices: 0 };
    let done = 0;
    const context: ChunkContext = { asOf, timeZone: options.timeZone, vipSettings, consumptionBar };
    const work = options.chunkWorker ?? ((ids: number[]) => workChunk(orm, ids, context));
    await eachInFlight(accountIdChunks(orm, settings.chunkSize), parallel, async (chunk) => {
      const write = await work(chunk, context);
      for (const key of Object.keys(totals) as (keyof ChunkWrite)[]) totals[key] += write[key];
      done += chunk.length;
      await report({ percent: Math.min(90, Math.floor((done / Math.max(total, 1)) * 90)), phase: 'accounts', accountsDone: done, accountsTotal: Math.max(total, done) });
    });
    await report({ percent: 90, phase: 'readings', accountsDone: done, accountsTotal: Math.max(total, done) });
    const sweep = await sweepReadings(orm, asOf, settings);
    await report({ percent: 95, phase: 'snapshot', accountsDone: done, accountsTotal: Math.max(total, done) });
    const snapshot = await writeDashboardSnapshot(orm, day, sweep);
    await report({ percent: 100, phase: 'done', accountsDone: done, accountsTotal: Math.max(total, done) });
    return {
      asOf: asOf.toISOString(), day: snapshot.day, accounts: done, consumptionBar, ...totals, estimates, sweep, snapshot,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  });
}
