/**
 * The day's dashboard snapshot (SPEC §12), kept for trend charts: the same figures the
 * live dashboard shows (`loadDashboard`) plus the sweep's counts, one row per day of the
 * utility's calendar. A rerun the same day rewrites the row only if a figure moved.
 *
 * Before reading, the per-status counters (`account_tally`, kept by triggers) are
 * checked against a fresh count; should they ever drift, they are rebuilt, so the
 * snapshot (and the dashboard) are right again.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../infra/database/orm.js';
import { loadDashboard } from '../accounts/dashboard.js';
import type { SweepResult } from './metrics-sweep.js';

const TALLY_DRIFT_SQL = `
  with fresh as (
    select (id % 16)::smallint as shard, status, coalesce(disconnection_kind, '') as kind, vip,
           overdue_since is not null as overdue, count(*)::bigint as accounts, sum(balance_cents)::bigint as cents
      from account group by 1, 2, 3, 4, 5
  ), kept as (
    select shard, status, disconnection_kind as kind, vip, overdue, accounts, balance_cents as cents
      from account_tally where accounts <> 0 or balance_cents <> 0
  )
  select (select count(*) from (select * from fresh except select * from kept) d)
       + (select count(*) from (select * from kept except select * from fresh) d) as differences`;

/** The calendar day of `instant` in the utility's time zone, as YYYY-MM-DD. */
export function utilityDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

export interface SnapshotResult { day: string; changed: boolean; tallyRebuilt: boolean }

export async function writeDashboardSnapshot(orm: Orm, day: string, sweep: SweepResult): Promise<SnapshotResult> {
  const em = orm.em.fork() as EntityManager;
  const run = <T>(sql: string, params: unknown[] = []) => em.getConnection().execute<T[]>(sql, params);
  const [drift] = await run<{ differences: unknown }>(TALLY_DRIFT_SQL);
  const tallyRebuilt = Number(drift?.differences ?? 0) > 0;
  if (tallyRebuilt) await run('select account_tally_rebuild()');
  // `asOf` (the instant it was read) would make every rerun differ; the row's day says when.
  const { asOf: _readAt, ...figures } = await loadDashboard(em);
  const totals = { ...figures, readings: { missedReads: sweep.missedReads, stalePendingReadings: sweep.stalePendingReadings } };
  const rows = await run<{ day: string }>(
    `insert into dashboard_snapshot (day, totals, created_at) values (?::date, ?::jsonb, now())
     on conflict (day) do update set totals = excluded.totals
      where dashboard_snapshot.totals is distinct from excluded.totals
     returning day`, [day, JSON.stringify(totals)]);
  return { day, changed: rows.length > 0, tallyRebuilt };
}
