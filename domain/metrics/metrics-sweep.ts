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

/** Meter numbers of active meters on active accounts with no usable reading (or assignment) since `cutoff`. */
function missedReads(k: Db, cutoff: string) {
  return k.selectFrom('meter as m')
    .innerJoin('meter_assignment as ma', (join) => join.onRef('ma.meter_id', '=', 'm.id').on('ma.unassigned_at', 'is', null))
    .innerJoin('service_connection as sc', 'sc.id', 'ma.connection_id')
    .innerJoin('account as a', 'a.id', 'sc.account_id')
    .select('m.meter_number')
    .where('m.reading_status', '=', 'active').where('a.status', '=', 'active')
    .where((eb) => eb(eb.fn.coalesce(
      eb.selectFrom('reading as r').select((r) => r.fn.max('r.read_at').as('last_read'))
        // An estimate is not a read: a meter with only estimates since is still missed (docs/rules.md#estimated-readings).
        .whereRef('r.meter_id', '=', 'm.id').where('r.verification_status', '<>', 'rejected').where('r.source', '<>', 'estimated'),
      'ma.assigned_at',
    ), '<', sql<string>`${cutoff}::date`))
    .orderBy('m.meter_number')
    .execute();
}

const flagged = sql<boolean>`r.flags <> '{}'`;

/** Flagged readings still pending, read before `cutoff`. */
async function stalePending(k: Db, cutoff: string): Promise<number> {
  const row = await k.selectFrom('reading as r').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('r.verification_status', '=', 'pending').where(flagged).where('r.read_at', '<', sql<string>`${cutoff}::date`)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Flagged pending readings since `since` whose consumer has no `anomalous_reading` notification yet. */
function untoldAnomalies(k: Db, since: string) {
  return k.selectFrom('reading as r').innerJoin('meter as m', 'm.id', 'r.meter_id')
    .select(['r.id', 'r.account_id', 'm.meter_number', 'r.read_at', 'r.value', 'r.flags'])
    .where('r.verification_status', '=', 'pending').where(flagged).where('r.read_at', '>=', sql<string>`${since}::date`)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('notification as n').select(sql`1`.as('one'))
      .where('n.idempotency_key', '=', sql<string>`'anomalous_reading:' || r.id`))))
    .orderBy('r.id')
    .execute();
}

export async function sweepReadings(orm: MikroORM, asOf: Date, settings: MetricsSettings): Promise<SweepResult> {
  const k = db(orm.em.fork());
  const [missed, stale, untold] = await Promise.all([
    missedReads(k, daysBefore(asOf, settings.missedReadDays)),
    stalePending(k, daysBefore(asOf, settings.stalePendingReadingDays)),
    untoldAnomalies(k, daysBefore(asOf, settings.anomalyNoticeDays)),
  ]);
  let queued = 0;
  if (untold.length) {
    await orm.em.fork().transactional(async (tx) => {
      for (const r of untold) {
        const id = await enqueueNotification(tx, {
          accountId: r.account_id, event: 'anomalous_reading', idempotencyKey: `anomalous_reading:${r.id}`,
          payload: { meterNumber: r.meter_number, readAt: r.read_at, value: r.value, flags: r.flags },
        });
        if (id !== null) queued++;
      }
    });
  }
  return {
    missedReads: missed.length,
    missedReadSample: missed.slice(0, 20).map((row) => row.meter_number),
    stalePendingReadings: stale,
    anomalyNoticesQueued: queued,
  };
}
