/**
 * The nightly reading anomaly sweep (docs/rules.md#nightly-metrics). Checks on a new reading happen when it
 * is recorded (docs/rules.md#meters-and-readings); the sweep catches what those checks cannot see:
 *
 * - missed reads: an active meter on an active account whose last usable (not rejected)
 *   reading — or, without any, its assignment — is older than `missedReadDays` (2 months):
 *   a meter nobody reads cannot raise any of the docs/rules.md#meters-and-readings flags;
 * - stale anomalies: flagged readings still `pending` after `stalePendingReadingDays`,
 *   i.e. waiting on an agent for too long;
 * - untold anomalies: flagged readings from the last `anomalyNoticeDays` whose consumer
 *   was never notified (readings loaded in bulk skip `recordReading`); each gets the same
 *   `anomalous_reading:<id>` notification `recordReading` would have queued, so never two.
 *
 * The counts go into the day's dashboard snapshot and the job's result (trend over time);
 * the sample of missed meters into the job's result for the queue dashboard.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db, type Db } from '../common/database.js';
import type { MetricsSettings } from './metrics-settings.js';
import { enqueueNotification } from '../notifications/notifications.js';
import { sqlDay } from '../common/sql-values.js';

export interface SweepResult {
  missedReads: number;
  missedReadSample: string[];
  stalePendingReadings: number;
  anomalyNoticesQueued: number;
}

const DAY_MS = 86_400_000;
const daysBefore = (asOf: Date, days: number) => sqlDay(new Date(asOf.getTime() - days * DAY_MS));

const MISSED_SAMPLE = 20;
/** Flagged readings told about per transaction: the untold ones are read and queued a page at a time. */
export const UNTOLD_PAGE = 1000;

/**
 * How many active meters on active accounts have no usable reading (or assignment) since
 * `cutoff`, and the first 20 of their numbers: counted in the database, so the run never
 * holds the list (tens of thousands of meters on a first night at 1,000,000 accounts).
 */
async function missedReads(k: Db, cutoff: string): Promise<{ count: number; sample: string[] }> {
  const rows = await k.selectFrom('meter as m')
    .innerJoin('meter_assignment as ma', (join) => join.onRef('ma.meter_id', '=', 'm.id').on('ma.unassigned_at', 'is', null))
    .innerJoin('service_connection as sc', 'sc.id', 'ma.connection_id')
    .innerJoin('account as a', 'a.id', 'sc.account_id')
    .select(['m.meter_number', sql<string>`count(*) over ()`.as('missed')])
    .where('m.reading_status', '=', 'active').where('a.status', '=', 'active')
    .where((eb) => eb(eb.fn.coalesce(
      eb.selectFrom('reading as r').select((r) => r.fn.max('r.read_at').as('last_read'))
        // An estimate is not a read: a meter with only estimates since is still missed (docs/rules.md#estimated-readings).
        .whereRef('r.meter_id', '=', 'm.id').where('r.verification_status', '<>', 'rejected').where('r.source', '<>', 'estimated'),
      'ma.assigned_at',
    ), '<', sql<string>`${cutoff}::date`))
    .orderBy('m.meter_number')
    .limit(MISSED_SAMPLE)
    .execute();
  return { count: Number(rows[0]?.missed ?? 0), sample: rows.map((row) => row.meter_number) };
}

const flagged = sql<boolean>`r.flags <> '{}'`;

/** Flagged readings still pending, read before `cutoff`. */
async function stalePending(k: Db, cutoff: string): Promise<number> {
  const row = await k.selectFrom('reading as r').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('r.verification_status', '=', 'pending').where(flagged).where('r.read_at', '<', sql<string>`${cutoff}::date`)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Up to a page of flagged pending readings since `since`, after id `after`, whose consumer has no `anomalous_reading`
 * notification yet. The notification is looked up per reading through its unique key, as a sub-select the planner
 * keeps: written as `not exists`, it became an anti join, and when the statistics had not yet seen the day's readings
 * (estimated 1, found 35,607 after a load run at 1,000,000 accounts) the planner scanned the whole notification table
 * for each of them: 120 s against 1.3 s (EXPLAIN ANALYZE, BENCHMARKS.md `metrics-1m`).
 */
function untoldAnomalies(k: Db, since: string, after: number) {
  return k.selectFrom('reading as r').innerJoin('meter as m', 'm.id', 'r.meter_id')
    .select(['r.id', 'r.account_id', 'm.meter_number', 'r.read_at', 'r.value', 'r.flags'])
    .where('r.verification_status', '=', 'pending').where(flagged).where('r.read_at', '>=', sql<string>`${since}::date`)
    .where('r.id', '>', after)
    .where((eb) => eb(eb.selectFrom('notification as n').select('n.id')
      .where('n.idempotency_key', '=', sql<string>`'anomalous_reading:' || r.id`), 'is', null))
    .orderBy('r.id')
    .limit(UNTOLD_PAGE)
    .execute();
}

/** Queues the notifications of the untold anomalies, a page per transaction (keyset on the reading id); answers how many were queued. */
async function tellUntold(orm: MikroORM, since: string): Promise<number> {
  let queued = 0;
  for (let after = 0; ;) {
    const untold = await untoldAnomalies(db(orm.em.fork()), since, after);
    if (!untold.length) return queued;
    await orm.em.fork().transactional(async (tx) => {
      for (const r of untold) {
        const id = await enqueueNotification(tx, {
          accountId: r.account_id, event: 'anomalous_reading', idempotencyKey: `anomalous_reading:${r.id}`,
          payload: { meterNumber: r.meter_number, readAt: r.read_at, value: r.value, flags: r.flags },
        });
        if (id !== null) queued++;
      }
    });
    if (untold.length < UNTOLD_PAGE) return queued;
    after = untold[untold.length - 1].id;
  }
}

export async function sweepReadings(orm: MikroORM, asOf: Date, settings: MetricsSettings): Promise<SweepResult> {
  const k = db(orm.em.fork());
  const [missed, stale, queued] = await Promise.all([
    missedReads(k, daysBefore(asOf, settings.missedReadDays)),
    stalePending(k, daysBefore(asOf, settings.stalePendingReadingDays)),
    tellUntold(orm, daysBefore(asOf, settings.anomalyNoticeDays)),
  ]);
  return { missedReads: missed.count, missedReadSample: missed.sample, stalePendingReadings: stale, anomalyNoticesQueued: queued };
}
