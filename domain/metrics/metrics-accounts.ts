/**
 * What the nightly run stores on an account row, computed by the domain's own assembly
 * (`accountInsights`, the same function behind the profile) from the chunk's facts, and
 * compared with what the row holds so a rerun on the same day writes nothing.
 */
import type { AccountStatus } from '../common/enums.js';
import { collectionStatusChange } from '../billing/balance.js';
import type { HealthScore } from '../accounts/health-score.js';
import type { VipSettings } from '../accounts/vip.js';
import { accountInsights } from '../accounts/account-insights.js';
import type { ChunkAccount, StoredMetrics } from './metrics-facts.js';
import { isoDay } from '../common/calendar.js';

/** The stored form of the health score: every component and penalty, without the labels (the views have them). */
export interface HealthBreakdown {
  baseScore: number;
  components: Record<string, { value: number; usedDefault: boolean; points: number }>;
  penalties: Array<{ kind: string; count: number; points: number }>;
}

export interface AccountMetrics {
  id: number;
  accountNumber: string;
  values: Omit<StoredMetrics, 'vipReasons' | 'healthBreakdown'> & { vipReasons: string[]; healthBreakdown: HealthBreakdown };
  /** The status the row had when it was read: the write only happens if it still has it. */
  readStatus: AccountStatus;
  readBalanceCents: number;
  readVipPinned: boolean | null;
  /** VIP and health score as stored before this run: a change is written on the account's timeline. */
  readVip: boolean;
  readHealthScore: number | null;
  /** Set when the balance became overdue since the row was last written: the consumer is told once. */
  newlyOverdue: { overdueSince: string; overdueCents: number; daysOverdue: number } | null;
}

export function healthBreakdown(health: HealthScore): HealthBreakdown {
  return {
    baseScore: health.baseScore,
    components: Object.fromEntries(Object.values(health.components).map((c) => [c.key, { value: c.value, usedDefault: c.usedDefault, points: c.points }])),
    penalties: health.penalties.map((p) => ({ kind: p.kind, count: p.count, points: p.points })),
  };
}

export function metricsFor({ facts, stored }: ChunkAccount, asOf: Date, timeZone: string, settings: VipSettings): AccountMetrics {
  const insights = accountInsights(facts, asOf, timeZone, settings);
  const { balance } = insights;
  // isoDay, not sqlDay: the same text, remembered for the few thousand due dates there are.
  const overdueSince = balance.overdueSince ? isoDay(balance.overdueSince) : null;
  const status = collectionStatusChange(stored.status, balance) ?? stored.status;
  return {
    id: facts.account.id,
    accountNumber: facts.account.accountNumber,
    values: {
      status,
      balanceCents: balance.balanceCents,
      overdueSince,
      lastBillingDate: insights.billing.lastBillingDate ? isoDay(insights.billing.lastBillingDate) : null,
      vip: insights.vip.vip,
      vipReasons: insights.vip.reasons,
      healthScore: insights.health.score,
      healthBreakdown: healthBreakdown(insights.health),
      compliancePercent: insights.compliance.percent,
    },
    readStatus: stored.status,
    readBalanceCents: stored.balanceCents,
    readVipPinned: facts.account.vipPinned,
    readVip: stored.vip,
    readHealthScore: stored.healthScore,
    newlyOverdue: overdueSince && overdueSince !== stored.overdueSince
      ? { overdueSince, overdueCents: balance.overdueCents, daysOverdue: balance.daysOverdue ?? 0 }
      : null,
  };
}

/** JSON with object keys sorted: jsonb does not keep key order, so equal values must compare equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Deep equality of JSON values with object keys in any order (jsonb does not keep key
 * order); numbers by value, as jsonb gives back what JSON.stringify wrote.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return (a ?? null) === (b ?? null);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], other[i])) return false;
    return true;
  }
  // Loops, not entry arrays: a rerun compares every account's breakdown and finds them equal.
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let keys = 0;
  for (const key in left) {
    if (!Object.hasOwn(left, key) || left[key] === undefined) continue;
    if (!Object.hasOwn(right, key) || !sameJson(left[key], right[key])) return false;
    keys++;
  }
  for (const key in right) if (Object.hasOwn(right, key) && right[key] !== undefined) keys--;
  return keys === 0;
}

/** Whether the row must be written: any stored value differs from the computed one. */
export function differs(metrics: AccountMetrics, stored: StoredMetrics): boolean {
  const v = metrics.values;
  return v.status !== stored.status
    || v.balanceCents !== stored.balanceCents
    || v.overdueSince !== stored.overdueSince
    || v.lastBillingDate !== stored.lastBillingDate
    || v.vip !== stored.vip
    || v.healthScore !== stored.healthScore
    || v.compliancePercent !== stored.compliancePercent
    || !sameJson(v.vipReasons, stored.vipReasons)
    || !sameJson(v.healthBreakdown, stored.healthBreakdown);
}
