/**
 * VIP status (docs/rules.md#vip): automatic when enough of five criteria hold, unless an admin
 * pinned it on or off. Thresholds are settings, passed in, never read here.
 */
import { inUtilityTrailingMonths, utilityYearsSince } from '../common/calendar.js';
import { complaintsInLast12Months, type ComplaintFacts } from '../communications/complaint-rules.js';
import { formatPercent } from '../common/money.js';
import type { PaymentStatus } from '../billing/payment-compliance.js';

export type VipCriterionKey = 'compliance' | 'tenure' | 'consumption' | 'clean_payments' | 'few_complaints';

export interface VipSettings {
  minCompliancePercent: number;
  minBillsDue: number;
  minTenureYears: number;
  /** Which percentile of active accounts' average monthly consumption is the bar (the caller computes it). */
  consumptionPercentile: number;
  maxComplaints: number;
  /** How many of the five criteria make a VIP. */
  minCriteria: number;
}

export const DEFAULT_VIP_SETTINGS: Readonly<VipSettings> = Object.freeze({
  minCompliancePercent: 95, minBillsDue: 6, minTenureYears: 5, consumptionPercentile: 80, maxComplaints: 1, minCriteria: 4,
});

export interface VipInput {
  asOf: Date;
  /** The utility's zone: the 12-month windows and the tenure count its local calendar days. */
  timeZone: string;
  customerSince: Date;
  /** From paymentCompliance(). */
  compliance: { percent: number | null; billsDue: number; late: number };
  /** The account's average monthly consumption (billing overview), null when never billed. */
  averageMonthlyConsumption: number | null;
  /** percentile(active accounts' averages, settings.consumptionPercentile); null with no active account. */
  consumptionThreshold: number | null;
  payments: Array<{ paidAt: Date; status: PaymentStatus }>;
  complaints: ComplaintFacts[];
  /** Admin override: true/false pins VIP on/off, null lets the rule decide. */
  pin: boolean | null;
}

export interface VipCriterion { key: VipCriterionKey; label: string; holds: boolean; detail: string }

export interface VipResult {
  vip: boolean;
  pinned: boolean;
  /** What the rule alone says, so the profile can show "pinned off (rule says VIP)". */
  ruleVip: boolean;
  criteriaMet: number;
  criteria: VipCriterion[];
}

/**
 * The p-th percentile (0..100) of `values` by linear interpolation between closest ranks
 * (the "inclusive" method of Excel PERCENTILE.INC and numpy's default): rank
 * h = (n − 1) × p / 100, result = v[⌊h⌋] + (h − ⌊h⌋) × (v[⌊h⌋+1] − v[⌊h⌋]). Null for no values.
 */
export function percentile(values: number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const h = ((sorted.length - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const round1 = (x: number) => Math.round(x * 10) / 10;

function criteria(input: VipInput, s: VipSettings): VipCriterion[] {
  const { compliance: c, asOf, timeZone } = input;
  const years = utilityYearsSince(input.customerSince, asOf, timeZone);
  const failed = input.payments.filter((p) => p.status === 'failed' && inUtilityTrailingMonths(p.paidAt, asOf, 12, timeZone)).length;
  const complaints = complaintsInLast12Months(input.complaints, asOf, timeZone).length;
  const avg = input.averageMonthlyConsumption;
  const bar = input.consumptionThreshold;
  return [
    { key: 'compliance', label: `Payment compliance ≥ ${s.minCompliancePercent}% over ≥ ${s.minBillsDue} bills`,
      holds: c.percent !== null && c.percent >= s.minCompliancePercent && c.billsDue >= s.minBillsDue,
      detail: `${formatPercent(c.percent)} on time over ${plural(c.billsDue, 'bill')} due` },
    { key: 'tenure', label: `Customer for ≥ ${s.minTenureYears} years`, holds: years >= s.minTenureYears,
      detail: `Customer for ${round1(years)} years` },
    { key: 'consumption', label: `Average monthly consumption ≥ ${s.consumptionPercentile}th percentile`,
      holds: avg !== null && bar !== null && avg >= bar,
      detail: avg === null ? 'No billed consumption yet'
        : `Averages ${round1(avg)} a month; the bar is ${bar === null ? 'not available' : round1(bar)}` },
    { key: 'clean_payments', label: 'No failed and no late payment in 12 months', holds: failed === 0 && c.late === 0,
      detail: `${plural(failed, 'failed payment')}, ${plural(c.late, 'late bill')} in 12 months` },
    { key: 'few_complaints', label: `At most ${plural(s.maxComplaints, 'complaint')} in 12 months`,
      holds: complaints <= s.maxComplaints, detail: `${plural(complaints, 'complaint')} in 12 months` },
  ];
}

export function vipStatus(input: VipInput, settings: VipSettings = DEFAULT_VIP_SETTINGS): VipResult {
  const list = criteria(input, settings);
  const criteriaMet = list.filter((c) => c.holds).length;
  const ruleVip = criteriaMet >= settings.minCriteria;
  const pinned = input.pin !== null;
  return { vip: pinned ? (input.pin as boolean) : ruleVip, pinned, ruleVip, criteriaMet, criteria: list };
}
