/**
 * Relationship health score (docs/rules.md#health-score): a weighted mean of five components minus
 * penalties, returned with every part so an agent can explain it to the customer.
 */
import { inUtilityTrailingMonths, utilityYearsSince } from '../common/calendar.js';
import { complaintsInLast12Months, isStale, isOpenAt, type ComplaintFacts } from '../communications/complaint-rules.js';

export type HealthComponentKey =
  | 'paymentCompliance' | 'serviceQuality' | 'complaintResolution' | 'tenure' | 'consumptionConsistency';
export type HealthPenaltyKind = 'late_bills' | 'stale_complaints' | 'fraud_flag';

export interface HealthScoreInput {
  asOf: Date;
  /** The utility's zone: windows and ages count its local calendar days. */
  timeZone: string;
  customerSince: Date;
  /** From paymentCompliance(): percent (null = no bill due) and late (paid late or unpaid). */
  compliance: { percent: number | null; late: number };
  /** Service orders of the account; only completed, rated ones in 12 months count. */
  serviceOrders: Array<{ status: string; completedAt: Date | null; rating: number | null }>;
  complaints: ComplaintFacts[];
  /** Consumption per calendar month, trailing 12 months (consumptionMonths() in consumption-months.ts). */
  monthlyConsumption: number[];
  /** A fraud or tampering flag is open on the account or one of its meters. */
  openFraudFlag: boolean;
}

export interface HealthComponent {
  key: HealthComponentKey;
  label: string;
  /** Weight as a fraction (0.40 for 40%). */
  weight: number;
  /** In [0, 1]. */
  value: number;
  /** True when there was no data and the product rules' neutral default was used. */
  usedDefault: boolean;
  /** weight × value × 100, the points this component contributes before rounding. */
  points: number;
}

export interface HealthPenalty { kind: HealthPenaltyKind; label: string; points: number; count: number }

export interface HealthScore {
  /** Integer 0..100. */
  score: number;
  /** round(100 × Σ weight × component), before penalties. */
  baseScore: number;
  components: Record<HealthComponentKey, HealthComponent>;
  /** Only penalties that apply (count > 0), in the rules' order. */
  penalties: HealthPenalty[];
}

export const HEALTH_WEIGHTS: Record<HealthComponentKey, number> = {
  paymentCompliance: 0.4, serviceQuality: 0.25, complaintResolution: 0.05, tenure: 0.15, consumptionConsistency: 0.15,
};
const LABELS: Record<HealthComponentKey, string> = {
  paymentCompliance: 'Payment compliance', serviceQuality: 'Service quality',
  complaintResolution: 'Complaint resolution', tenure: 'Tenure', consumptionConsistency: 'Consumption consistency',
};
/** The docs/rules.md#health-score "with no data" column. */
export const NO_DATA_DEFAULTS = { paymentCompliance: 0.75, serviceQuality: 0.75, complaintResolution: 1, consumptionConsistency: 0.75 };
export const PENALTY_RULES = {
  late_bills: { label: 'Bills paid late or unpaid past due', each: 2, max: 10 },
  stale_complaints: { label: 'Complaints unresolved for more than 30 days', each: 5, max: 15 },
  fraud_flag: { label: 'Open fraud or tampering flag', each: 25, max: 25 },
} as const;
/** Fewer months than this and the coefficient of variation means little. */
export const MIN_CONSUMPTION_MONTHS = 3;

const orNull = (value: number | null, fallback: number) => ({ value: value ?? fallback, usedDefault: value === null });
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Mean of (rating − 1) / 4; ratings outside 1..5 or non-integers are ignored as bad data. */
export function serviceQuality(input: Pick<HealthScoreInput, 'asOf' | 'timeZone' | 'serviceOrders'>): number | null {
  const ratings = input.serviceOrders
    .filter((o) => o.status === 'completed' && o.completedAt && inUtilityTrailingMonths(o.completedAt, input.asOf, 12, input.timeZone))
    .map((o) => o.rating)
    .filter((r): r is number => r !== null && Number.isInteger(r) && r >= 1 && r <= 5);
  if (ratings.length === 0) return null;
  return ratings.reduce((sum, r) => sum + (r - 1) / 4, 0) / ratings.length;
}

/** Resolved / complaints opened in the trailing 12 months; null with no complaint. */
export function complaintResolution(complaints: ComplaintFacts[], asOf: Date, timeZone: string): number | null {
  const recent = complaintsInLast12Months(complaints, asOf, timeZone);
  if (recent.length === 0) return null;
  return recent.filter((c) => !isOpenAt(c, asOf)).length / recent.length;
}

/**
 * 1 − min(CV, 1) with the population standard deviation (the months are the whole
 * period, not a sample). Null with fewer than 3 calendar months, and also when the mean is 0
 * (all-zero months): a CV is undefined there, and a vacant property is neither
 * consistent nor inconsistent, so the neutral default applies.
 */
export function consumptionConsistency(monthly: number[]): number | null {
  const values = monthly.filter((v) => Number.isFinite(v));
  if (values.length < MIN_CONSUMPTION_MONTHS) return null;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  if (mean <= 0) return null;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return 1 - Math.min(Math.sqrt(variance) / mean, 1);
}

/** min(years as a customer / 10, 1), to asOf's local day; a future customer-since date counts as 0. */
export function tenure(customerSince: Date, asOf: Date, timeZone: string): number {
  return clamp01(utilityYearsSince(customerSince, asOf, timeZone) / 10);
}

function penalty(kind: HealthPenaltyKind, count: number): HealthPenalty {
  const rule = PENALTY_RULES[kind];
  return { kind, label: rule.label, count, points: Math.min(count * rule.each, rule.max) };
}

export function healthScore(input: HealthScoreInput): HealthScore {
  const { asOf, timeZone } = input;
  const compliance = input.compliance.percent === null ? null : clamp01(input.compliance.percent / 100);
  const raw: Record<HealthComponentKey, { value: number; usedDefault: boolean }> = {
    paymentCompliance: orNull(compliance, NO_DATA_DEFAULTS.paymentCompliance),
    serviceQuality: orNull(serviceQuality(input), NO_DATA_DEFAULTS.serviceQuality),
    complaintResolution: orNull(complaintResolution(input.complaints, asOf, timeZone), NO_DATA_DEFAULTS.complaintResolution),
    tenure: { value: tenure(input.customerSince, asOf, timeZone), usedDefault: false },
    consumptionConsistency: orNull(consumptionConsistency(input.monthlyConsumption), NO_DATA_DEFAULTS.consumptionConsistency),
  };
  const components = {} as Record<HealthComponentKey, HealthComponent>;
  let weighted = 0;
  for (const key of Object.keys(HEALTH_WEIGHTS) as HealthComponentKey[]) {
    const weight = HEALTH_WEIGHTS[key];
    const points = 100 * weight * raw[key].value;
    // Displayed points are rounded to 2 decimals; the score uses the exact sum.
    components[key] = { key, label: LABELS[key], weight, ...raw[key], points: Math.round(points * 100) / 100 };
    weighted += points;
  }
  // toFixed(6) first: 72.5 must not become 72.49999999 and round down.
  const baseScore = Math.round(Number(weighted.toFixed(6)));
  const penalties = [
    penalty('late_bills', input.compliance.late),
    penalty('stale_complaints', input.complaints.filter((c) => isStale(c, asOf, timeZone)).length),
    penalty('fraud_flag', input.openFraudFlag ? 1 : 0),
  ].filter((p) => p.count > 0);
  const total = penalties.reduce((s, p) => s + p.points, 0);
  return { score: Math.min(100, Math.max(0, baseScore - total)), baseScore, components, penalties };
}
