/**
 * The dashboard (docs/rules.md#dashboard), exact at the moment it is read and cheap at any size:
 * - accounts by status and the balance sums come from `account_tally`, which triggers on
 *   `account` keep up to date in the writing transaction (≤ 16 shards × 6 groups to add);
 * - open service orders by status and those flagged overdue come from `service_order_tally`, kept the
 *   same way by triggers on `service_order` (counting the open orders themselves read ~93,000 index
 *   entries per request at 1,000,000 accounts); open orders past their SLA but not yet flagged are
 *   counted through the partial index on open orders' SLA time (only those past it are read);
 * - failed notifications use the (status, created_at) index.
 * Everything is one statement, so all the numbers come from the same snapshot.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { AccountStatus } from '../common/enums.js';
import {
  accountFigures, openOrderFigures, trendSeries, type AccountFigures, type OpenOrderStatus, type TrendPoint,
} from './dashboard-figures.js';
import type { Db } from '../common/database.js';
import { coalescedQuery } from '../common/coalesced-query.js';
import { preparedQuery } from '../common/prepared-query.js';

export interface Dashboard extends AccountFigures {
  openServiceOrders: { byStatus: Record<OpenOrderStatus, number>; total: number };
  /** Open orders past their SLA: flagged overdue by their workflow, or past `sla_due_at`. */
  overdueServiceOrders: number;
  failedNotifications: number;
  asOf: string;
}

// Literal, as the partial indexes on open orders are written, so the planner matches them.
const isOpen = sql<boolean>`status not in ('completed', 'cancelled')`;

/**
 * One statement, five kinds of rows: `(kind, key, sub, n, cents)`, so every figure comes from the same snapshot; compiled
 * once. Dashboards asked for at the same moment share one run of it, sent after the last of them was asked (domain/common/coalesced-query.ts).
 */
const dashboardRows = coalescedQuery([], (q: Db) => {
  const none = sql<string | null>`null`;
  const count = sql<string | null>`count(*)`;
  return q.selectFrom('account_tally')
    .select((eb) => [
      sql<string>`'account'`.as('kind'), sql<string | null>`status`.as('key'), sql<string | null>`disconnection_kind`.as('sub'),
      eb.fn.sum<string | null>('accounts').as('n'), eb.fn.sum<string | null>('balance_cents').as('cents'),
    ])
    .groupBy(['status', 'disconnection_kind'])
    .unionAll(q.selectFrom('service_order_tally')
      .select((eb) => [sql<string>`'order'`.as('kind'), 'status as key', none.as('sub'), eb.fn.sum<string | null>('orders').as('n'), none.as('cents')])
      .where(isOpen).groupBy('status'))
    // Overdue = flagged (counted) + past the SLA and not yet flagged (few: the workflow flags them): two disjoint sets.
    .unionAll(q.selectFrom('service_order_tally')
      .select((eb) => [sql<string>`'overdue'`.as('kind'), none.as('key'), none.as('sub'), eb.fn.sum<string | null>('orders').as('n'), none.as('cents')])
      .where(isOpen).where('overdue', '=', sql.lit(true)))
    .unionAll(q.selectFrom('service_order')
      .select([sql<string>`'overdue'`.as('kind'), none.as('key'), none.as('sub'), count.as('n'), none.as('cents')])
      .where(isOpen)
      .where(sql<boolean>`not overdue and sla_due_at < statement_timestamp()`))
    .unionAll(q.selectFrom('notification')
      .select([sql<string>`'failed'`.as('kind'), none.as('key'), none.as('sub'), count.as('n'), none.as('cents')])
      .where('status', '=', sql.lit('failed')))
    .unionAll(q.selectNoFrom([
      sql<string>`'now'`.as('kind'),
      sql<string | null>`to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('key'),
      none.as('sub'), none.as('n'), none.as('cents'),
    ]));
});

/** The dashboard's figures right now. The nightly job stores this same shape as the day's snapshot. */
export async function loadDashboard(em: EntityManager): Promise<Dashboard> {
  const rows = await dashboardRows(em);
  const of = (kind: string) => rows.filter((row) => row.kind === kind);
  const accounts = accountFigures(of('account').map((row) => ({
    status: row.key as AccountStatus,
    disconnectionKind: row.sub ? row.sub : null,
    accounts: Number(row.n),
    balanceCents: Number(row.cents ?? 0),
  })));
  return {
    ...accounts,
    openServiceOrders: openOrderFigures(of('order').map((row) => ({ status: String(row.key), count: Number(row.n) }))),
    overdueServiceOrders: of('overdue').reduce((sum, row) => sum + Number(row.n ?? 0), 0),
    failedNotifications: Number(of('failed')[0]?.n ?? 0),
    asOf: of('now')[0]?.key ?? new Date().toISOString(),
  };
}

export interface DashboardTrend {
  days: number;
  totalAccounts: TrendPoint[];
  active: TrendPoint[];
  totalBalanceCents: TrendPoint[];
}

const latestSnapshots = preparedQuery(1, (q: Db, days: number) => q.selectFrom('dashboard_snapshot').select(['day', 'totals'])
  .orderBy('day', 'desc').limit(days));

/** The last `days` nightly snapshots as series for the trend chart (empty when there are none). */
export async function loadDashboardTrend(em: EntityManager, days = 90): Promise<DashboardTrend> {
  const snapshots = await latestSnapshots(em, days);
  return {
    days,
    totalAccounts: trendSeries(snapshots, 'totalAccounts'),
    active: trendSeries(snapshots, 'byStatus.active.count'),
    totalBalanceCents: trendSeries(snapshots, 'totalBalanceCents'),
  };
}
