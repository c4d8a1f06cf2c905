/**
 * What the nightly run stores on an account row, computed by the domain's own assembly
 * (`accountInsights`, the same function behind the profile) from the chunk's facts, and
 * compared with what the row holds so a rerun on the same day writes nothing.
 */
import type { AccountStatus } from '../common/enums.js';
import { collectionStatusChange } from '../billing/balance.js';
import type { VipSettings } from '../accounts/vip.js';
import { accountInsights } from '../accounts/account-insights.js';
import type { ChunkAccount, StoredMetrics } from './metrics-facts.js';
import { isoDay } from '../common/calendar.js';

export interface AccountMetrics {
  id: number;
  accountNumber: string;
  values: StoredMetrics;
  /** Why the account is VIP or not, for the audit entry of a VIP change; not stored on the row (the profile computes it). */
  vipReasons: string[];
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
      healthScore: insights.health.score,
      compliancePercent: insights.compliance.percent,
    },
    vipReasons: insights.vip.reasons,
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

/** Whether the row must be written: any stored value differs from the computed one. */
export function differs(metrics: AccountMetrics, stored: StoredMetrics): boolean {
  const v = metrics.values;
  return v.status !== stored.status
    || v.balanceCents !== stored.balanceCents
    || v.overdueSince !== stored.overdueSince
    || v.lastBillingDate !== stored.lastBillingDate
    || v.vip !== stored.vip
    || v.healthScore !== stored.healthScore
    || v.compliancePercent !== stored.compliancePercent;
}
