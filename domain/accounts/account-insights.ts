/**
 * The pure assembly of an account's metrics from its facts: every number comes from
 * the rules in domain/rules (never re-derived here), with one `asOf` for all of them so
 * the header, the tabs and the JSON API agree to the cent and the point.
 */
import { accountAlerts, type AccountAlert } from './account-alerts.js';
import { computeBalance, type Balance } from '../billing/balance.js';
import { billingOverview, type BillingOverview } from '../billing/billing-overview.js';
import { billSpans, consumptionMonths, readingSpans } from '../readings/consumption-months.js';
import { healthScore, type HealthScore } from './health-score.js';
import { paymentCompliance, type PaymentCompliance } from '../billing/payment-compliance.js';
import { DEFAULT_VIP_SETTINGS, vipStatus, type VipResult, type VipSettings } from './vip.js';
import type { AccountFacts } from './account-facts.js';

export interface AccountVip extends VipResult {
  /** The admin's reason when VIP is pinned on or off. */
  pinReason: string | null;
  /** Why the account is (or is not) VIP, in words: the pin first, then each criterion that holds. */
  reasons: string[];
}

export interface AccountInsights {
  asOf: Date;
  compliance: PaymentCompliance;
  health: HealthScore;
  vip: AccountVip;
  billing: BillingOverview;
  balance: Balance;
  alerts: AccountAlert[];
}

function vipReasons(vip: VipResult, pinReason: string | null): string[] {
  const reasons = vip.criteria.filter((c) => c.holds).map((c) => c.label);
  if (!vip.pinned) return reasons;
  const pin = `Pinned ${vip.vip ? 'on' : 'off'} by an admin${pinReason ? `: ${pinReason}` : ''}`;
  return [pin, ...reasons];
}

/**
 * Consumption per calendar month from the account's readings; an account whose readings
 * are not in Cistern (billed from another system's reads) uses its bills' periods.
 */
function monthlyConsumption(facts: AccountFacts, asOf: Date, timeZone: string): number[] {
  const spans = facts.consumptionReadings.length ? readingSpans(facts.consumptionReadings) : billSpans(facts.bills);
  return consumptionMonths(spans, asOf, timeZone);
}

/** `timeZone` is the utility's (config UTILITY_TIME_ZONE): every date rule counts its local calendar days. */
export function accountInsights(
  facts: AccountFacts, asOf: Date, timeZone: string, settings: VipSettings = DEFAULT_VIP_SETTINGS,
): AccountInsights {
  const { account, bills, payments, adjustments, complaints, serviceOrders } = facts;
  const compliance = paymentCompliance(bills, facts.allocations, asOf, timeZone);
  const balance = computeBalance({ asOf, timeZone, bills, payments, adjustments });
  const billing = billingOverview({ asOf, timeZone, bills, payments, adjustments }, balance);
  const health = healthScore({
    asOf, timeZone, customerSince: account.customerSince, compliance, serviceOrders, complaints,
    monthlyConsumption: monthlyConsumption(facts, asOf, timeZone), openFraudFlag: facts.openFraudFlag !== null,
  });
  const rule = vipStatus({
    asOf, timeZone, customerSince: account.customerSince, compliance, averageMonthlyConsumption: billing.averageMonthlyUsage,
    consumptionThreshold: facts.consumptionBar, payments, complaints, pin: account.vipPinned,
  }, settings);
  const vip: AccountVip = { ...rule, pinReason: account.vipPinReason, reasons: vipReasons(rule, account.vipPinReason) };
  const alerts = accountAlerts({
    asOf, timeZone, overdueCents: balance.overdueCents, daysOverdue: balance.daysOverdue,
    readings: facts.pendingReadings, estimateRuns: facts.estimateRuns ?? [], openFraudFlag: facts.openFraudFlag, complaints, serviceOrders,
  });
  return { asOf, compliance, health, vip, billing, balance, alerts };
}
