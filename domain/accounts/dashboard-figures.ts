/**
 * The dashboard's numbers (docs/rules.md#dashboard) from grouped counts, without I/O: status counts with
 * their one-decimal share of all accounts, temporarily disconnected on its own, open
 * service orders by status.
 */
import { ACCOUNT_STATUSES, SERVICE_ORDER_STATUSES, type AccountStatus, type ServiceOrderStatus } from '../common/enums.js';
import { percentOf } from '../common/money.js';

export const OPEN_ORDER_STATUSES = SERVICE_ORDER_STATUSES.filter(
  (s): s is Exclude<ServiceOrderStatus, 'completed' | 'cancelled'> => s !== 'completed' && s !== 'cancelled',
);
export type OpenOrderStatus = (typeof OPEN_ORDER_STATUSES)[number];

/** One (status, disconnection kind) group of accounts. */
export interface StatusGroup {
  status: AccountStatus;
  disconnectionKind: string | null;
  accounts: number;
  balanceCents: number;
}

export interface StatusFigure {
  count: number;
  /** Share of all accounts, one decimal; null when there are no accounts at all. */
  percent: number | null;
  balanceCents: number;
}

export const DASHBOARD_STATUS_KEYS = [
  'active', 'inactive', 'pending', 'disconnected', 'temporarilyDisconnected', 'permanentlyDisconnected', 'collection',
] as const;
export type DashboardStatusKey = (typeof DASHBOARD_STATUS_KEYS)[number];

export interface AccountFigures {
  totalAccounts: number;
  byStatus: Record<DashboardStatusKey, StatusFigure>;
  totalBalanceCents: number;
}

/**
 * `disconnected` counts every disconnected account; `temporarilyDisconnected` and
 * `permanentlyDisconnected` are its two kinds, shown on their own (a disconnected account
 * without a recorded kind is in neither).
 */
export function accountFigures(groups: StatusGroup[]): AccountFigures {
  const sums = new Map<DashboardStatusKey, { count: number; balanceCents: number }>();
  const add = (key: DashboardStatusKey, group: StatusGroup) => {
    const sum = sums.get(key) ?? { count: 0, balanceCents: 0 };
    sums.set(key, { count: sum.count + group.accounts, balanceCents: sum.balanceCents + group.balanceCents });
  };
  let totalAccounts = 0;
  let totalBalanceCents = 0;
  for (const group of groups) {
    totalAccounts += group.accounts;
    totalBalanceCents += group.balanceCents;
    if (!(ACCOUNT_STATUSES as readonly string[]).includes(group.status)) continue;
    add(group.status, group);
    if (group.status === 'disconnected' && group.disconnectionKind === 'temporary') add('temporarilyDisconnected', group);
    if (group.status === 'disconnected' && group.disconnectionKind === 'permanent') add('permanentlyDisconnected', group);
  }
  const byStatus = Object.fromEntries(DASHBOARD_STATUS_KEYS.map((key) => {
    const sum = sums.get(key) ?? { count: 0, balanceCents: 0 };
    return [key, { count: sum.count, percent: percentOf(sum.count, totalAccounts), balanceCents: sum.balanceCents }];
  })) as Record<DashboardStatusKey, StatusFigure>;
  return { totalAccounts, byStatus, totalBalanceCents };
}

/** Open orders per open status, every status present (0 when none), and their total. */
export function openOrderFigures(counts: { status: string; count: number }[]): { byStatus: Record<OpenOrderStatus, number>; total: number } {
  const byStatus = Object.fromEntries(OPEN_ORDER_STATUSES.map((s) => [s, 0])) as Record<OpenOrderStatus, number>;
  let total = 0;
  for (const { status, count } of counts) {
    if (!(OPEN_ORDER_STATUSES as readonly string[]).includes(status)) continue;
    byStatus[status as OpenOrderStatus] += count;
    total += count;
  }
  return { byStatus, total };
}

export interface TrendPoint {
  day: string;
  value: number;
}

/**
 * One numeric series out of the nightly snapshots (`totals` as the dashboard API shapes
 * it): a dotted path such as `totalAccounts` or `byStatus.active.count`. Snapshots
 * without that number are skipped; the result is in day order.
 */
export function trendSeries(snapshots: { day: string; totals: unknown }[], path: string): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (const snapshot of snapshots) {
    let value: unknown = snapshot.totals;
    for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n === 'number' && Number.isFinite(n)) points.push({ day: snapshot.day, value: n });
  }
  return points.sort((a, b) => a.day.localeCompare(b.day));
}
