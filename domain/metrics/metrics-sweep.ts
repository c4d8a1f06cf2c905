/**
 * The nightly reading anomaly sweep (SPEC §12). Checks on a new reading happen when it
 * is recorded (SPEC §9); the sweep catches what those checks cannot see:
 *
 * - missed reads: an active meter on an active account whose last usable (not rejected)
 *   reading — or, without any, its assignment — is older than `missedReadDays` (2 months):
 *   a meter nobody reads cannot raise any of the §9 flags;
 * - stale anomalies: flagged readings still `pending` after `stalePendingReadingDays`,
 *   i.e. waiting on an agent for too long;
 * - untold anomalies: flagged readings from the last `anomalyNoticeDays` whose consumer
 *   was never notified (readings loaded in bulk skip `recordReading`); each gets the same
 *   `anomalous_reading:<id>` notification `recordReading` would have queued, so never two.
 *
 * The counts go into the day's dashboard snapshot and the job's result (trend over time);
 * the sample of missed meters into the job's result for the queue dashboard.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../infra/database/orm.js';
import type { MetricsSettings } from './metrics-settings.js';
import { enqueueNotification } from '../notifications/notifications.js';
import { sqlDay } from '../shared/sql-values.js';

export interface SweepResult {
  missedReads: number;
  missedReadSample: string[];
  stalePendingReadings: number;
  anomalyNoticesQueued: number;
}

const DAY_MS = 86_400_000;
const daysBefore = (asOf: Date, days: number) => sqlDay(new Date(asOf.getTime() - days * DAY_MS));

const MISSED_SQL = `
  select m.meter_number
    from meter m
    join meter_assignment ma on ma.meter_id = m.id and ma.unassigned_at is null
    join service_connection sc on sc.id = ma.connection_id
    join account a on a.id = sc.account_id
   where m.reading_status = 'active' and a.status = 'active'
     and coalesce((select max(r.read_at) from reading r where r.meter_id = m.id and r.verification_status <> 'rejected'),
                  ma.assigned_at) < ?::date
   order by m.meter_number`;

const STALE_SQL = `select count(*)::int as n from reading
                    where verification_status = 'pending' and flags <> '{}' and read_at < ?::date`;

const UNTOLD_SQL = `
  select r.id, r.account_id, m.meter_number, to_char(r.read_at, 'YYYY-MM-DD') as read_at, r.value, r.flags
    from reading r join meter m on m.id = r.meter_id
   where r.verification_status = 'pending' and r.flags <> '{}' and r.read_at >= ?::date
     and not exists (select 1 from notification n where n.idempotency_key = 'anomalous_reading:' || r.id)
   order by r.id`;

type Untold = { id: number; account_id: number; meter_number: string; read_at: string; value: unknown; flags: string[] };

export async function sweepReadings(orm: Orm, asOf: Date, settings: MetricsSettings): Promise<SweepResult> {
  const sql = orm.em.fork().getConnection();
  const [missed, stale, untold] = await Promise.all([
    sql.execute<{ meter_number: string }[]>(MISSED_SQL, [daysBefore(asOf, settings.missedReadDays)]),
    sql.execute<{ n: number }[]>(STALE_SQL, [daysBefore(asOf, settings.stalePendingReadingDays)]),
    sql.execute<Untold[]>(UNTOLD_SQL, [daysBefore(asOf, settings.anomalyNoticeDays)]),
  ]);
  let queued = 0;
  if (untold.length) {
    await orm.em.fork().transactional(async (tx) => {
      for (const r of untold) {
        const id = await enqueueNotification(tx as EntityManager, {
          accountId: Number(r.account_id), event: 'anomalous_reading', idempotencyKey: `anomalous_reading:${r.id}`,
          payload: { meterNumber: r.meter_number, readAt: r.read_at, value: Number(r.value), flags: r.flags },
        });
        if (id !== null) queued++;
      }
    });
  }
  return {
    missedReads: missed.length,
    missedReadSample: missed.slice(0, 20).map((row) => row.meter_number),
    stalePendingReadings: Number(stale[0]?.n ?? 0),
    anomalyNoticesQueued: queued,
  };
}
