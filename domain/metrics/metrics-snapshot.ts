/**
 * The day's dashboard snapshot (docs/rules.md#nightly-metrics), kept for trend charts: the same figures the
 * live dashboard shows (`loadDashboard`) plus the sweep's counts, one row per day of the
 * utility's calendar. A rerun the same day rewrites the row only if a figure moved.
 *
 * Before reading, the per-status counters (`account_tally`, kept by triggers) are
 * checked against a fresh count; should they ever drift, they are rebuilt, so the
 * snapshot (and the dashboard) are right again.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../common/database.js';
import { loadDashboard } from '../accounts/dashboard.js';
import type { SweepResult } from './metrics-sweep.js';

/**
 * How many (shard, status, kind, vip, overdue) groups differ between the kept counters and
 * a fresh count of `account`: each side EXCEPT the other, counted.
 */
async function tallyDifferences(em: EntityManager): Promise<number> {
  const fresh = db(em).selectFrom('account')
    .select([
      // The counters keep status as plain text: compared as text.
      sql<number>`(id % 16)::smallint`.as('shard'), sql<string>`status`.as('status'), sql<string>`coalesce(disconnection_kind, '')`.as('kind'), 'vip',
      sql<boolean>`overdue_since is not null`.as('overdue'), sql<number>`count(*)::bigint`.as('accounts'),
      sql<number>`sum(balance_cents)::bigint`.as('cents'),
    ])
    .groupBy(sql`1, 2, 3, 4, 5`);
  const kept = db(em).selectFrom('account_tally')
    .select(['shard', 'status', 'disconnection_kind as kind', 'vip', 'overdue', 'accounts', 'balance_cents as cents'])
    .where((eb) => eb.or([eb('accounts', '<>', 0), eb('balance_cents', '<>', 0)]));
  const row = await db(em).selectNoFrom((eb) => [
    eb.selectFrom(fresh.except(kept).as('d')).select(sql<number>`count(*)::int`.as('n')).as('missing'),
    eb.selectFrom(kept.except(fresh).as('d')).select(sql<number>`count(*)::int`.as('n')).as('extra'),
  ]).executeTakeFirst();
  return (row?.missing ?? 0) + (row?.extra ?? 0);
}

export interface SnapshotResult { day: string; changed: boolean; tallyRebuilt: boolean }

export async function writeDashboardSnapshot(orm: MikroORM, day: string, sweep: SweepResult): Promise<SnapshotResult> {
  const em = orm.em.fork();
  const tallyRebuilt = (await tallyDifferences(em)) > 0;
  if (tallyRebuilt) await db(em).selectNoFrom((eb) => eb.fn('account_tally_rebuild').as('rebuilt')).execute();
  // `asOf` (the instant it was read) would make every rerun differ; the row's day says when.
  const { asOf: _readAt, ...figures } = await loadDashboard(em);
  const totals = { ...figures, readings: { missedReads: sweep.missedReads, stalePendingReadings: sweep.stalePendingReadings } };
  const written = await db(em).insertInto('dashboard_snapshot')
    .values({ day, totals, created_at: sql`now()` })
    .onConflict((conflict) => conflict.column('day')
      .doUpdateSet((eb) => ({ totals: eb.ref('excluded.totals') }))
      .where('dashboard_snapshot.totals', 'is distinct from', (eb) => eb.ref('excluded.totals')))
    .returning('day')
    .executeTakeFirst();
  return { day, changed: written !== undefined, tallyRebuilt };
}
