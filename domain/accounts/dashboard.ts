/**
 * The dashboard (SPEC §3), exact at the moment it is read and cheap at any size:
 * - accounts by status and the balance sums come from `account_tally`, which triggers on
 *   `account` keep up to date in the writing transaction (≤ 16 shards × 6 groups to add);
 * - open service orders and those past their SLA use the partial indexes on open orders;
 * - failed notifications use the (status, created_at) index.
 * Everything is one statement, so all the numbers come from the same snapshot.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountStatus } from '../shared/enums.js';
import {
  accountFigures, openOrderFigures, trendSeries, type AccountFigures, type OpenOrderStatus, type TrendPoint,
} from './dashboard-figures.js';
import { asInt } from '../shared/sql-values.js';

export interface Dashboard extends AccountFigures {
  openServiceOrders: { byStatus: Record<OpenOrderStatus, number>; total: number };
  /** Open orders past their SLA: flagged overdue by their workflow, or past `sla_due_at`. */
  overdueServiceOrders: number;
  failedNotifications: number;
  asOf: string;
}

const DASHBOARD_SQL = `
  select 'account' as kind, status as key, disconnection_kind as sub, sum(accounts) as n, sum(balance_cents) as cents
    from account_tally group by status, disconnection_kind
  union all
  select 'order', status, null, count(*), null
    from service_order where status not in ('completed', 'cancelled') group by status
  union all
  select 'overdue', null, null, count(*), null
    from service_order where status not in ('completed', 'cancelled') and (overdue or sla_due_at < statement_timestamp())
  union all
  select 'failed', null, null, count(*), null from notification where status = 'failed'
  union all
  select 'now', to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), null, null, null`;

type Row = { kind: string; key: string | null; sub: string | null; n: unknown; cents: unknown };

/** The dashboard's figures right now. The nightly job stores this same shape as the day's snapshot. */
export async function loadDashboard(em: EntityManager): Promise<Dashboard> {
  const rows = await em.getConnection().execute<Row[]>(DASHBOARD_SQL);
  const of = (kind: string) => rows.filter((row) => row.kind === kind);
  const accounts = accountFigures(of('account').map((row) => ({
    status: row.key as AccountStatus,
    disconnectionKind: row.sub ? row.sub : null,
    accounts: asInt(row.n),
    balanceCents: asInt(row.cents ?? 0),
  })));
  return {
    ...accounts,
    openServiceOrders: openOrderFigures(of('order').map((row) => ({ status: String(row.key), count: asInt(row.n) }))),
    overdueServiceOrders: asInt(of('overdue')[0]?.n ?? 0),
    failedNotifications: asInt(of('failed')[0]?.n ?? 0),
    asOf: String(of('now')[0]?.key ?? new Date().toISOString()),
  };
}

export interface DashboardTrend {
  days: number;
  totalAccounts: TrendPoint[];
  active: TrendPoint[];
  totalBalanceCents: TrendPoint[];
}

/** The last `days` nightly snapshots as series for the trend chart (empty when there are none). */
export async function loadDashboardTrend(em: EntityManager, days = 90): Promise<DashboardTrend> {
  const rows = await em.getConnection().execute<{ day: unknown; totals: unknown }[]>(
    `select to_char(day, 'YYYY-MM-DD') as day, totals from dashboard_snapshot order by day desc limit ?`, [days],
  );
  const snapshots = rows.map((row) => ({
    day: String(row.day),
    totals: typeof row.totals === 'string' ? JSON.parse(row.totals) as unknown : row.totals,
  }));
  return {
    days,
    totalAccounts: trendSeries(snapshots, 'totalAccounts'),
    active: trendSeries(snapshots, 'byStatus.active.count'),
    totalBalanceCents: trendSeries(snapshots, 'totalBalanceCents'),
  };
}
