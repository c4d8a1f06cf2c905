/** Turns the services' plain data into the API's JSON: calendar dates as `YYYY-MM-DD`, instants as ISO 8601. */
import type { AccountProfile } from '../../domain/accounts/account-profile.js';

/** Fields that are calendar dates (Postgres `date`); every other Date is an instant. */
const DAY_FIELDS = new Set([
  'periodStart', 'periodEnd', 'issuedAt', 'dueDate', 'readAt', 'installedAt', 'assignedAt', 'unassignedAt',
  'customerSince', 'lastBillingDate',
]);

export type Jsonified<T> = T extends Date ? string
  : T extends Array<infer U> ? Jsonified<U>[]
  : T extends object ? { [K in keyof T]: Jsonified<T[K]> }
  : T;

function convert(value: unknown, key: string): unknown {
  if (value instanceof Date) return DAY_FIELDS.has(key) ? value.toISOString().slice(0, 10) : value.toISOString();
  if (Array.isArray(value)) return value.map((v) => convert(v, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, k)]));
  }
  return value;
}

export function jsonOf<T>(value: T): Jsonified<T> {
  return convert(value, '') as Jsonified<T>;
}

export function accountJson({ record, insights }: AccountProfile) {
  const { vip, health, billing, balance, compliance } = insights;
  return {
    accountNumber: record.accountNumber, firstName: record.firstName, lastName: record.lastName,
    email: record.email, phone: record.phone, serviceAddress: record.serviceAddress, city: record.city, postalCode: record.postalCode,
    status: record.status, ...(record.disconnectionKind ? { disconnectionKind: record.disconnectionKind } : {}),
    vip: vip.vip, vipPinned: record.vipPinned, vipPinReason: record.vipPinReason, vipReasons: vip.reasons,
    vipCriteria: vip.criteria.map(({ key, label, holds, detail }) => ({ key, label, holds, detail })),
    healthScore: health.score, balanceCents: balance.balanceCents, overdueCents: balance.overdueCents,
    paymentCompliancePercent: compliance.percent,
    lastBillingDate: billing.lastBillingDate ? billing.lastBillingDate.toISOString().slice(0, 10) : null,
    customerSince: record.customerSince.toISOString().slice(0, 10),
    ratePlan: record.ratePlan, billingCycle: record.billingCycle, paymentMethod: record.paymentMethod,
    alerts: insights.alerts.map(({ kind, severity, message }) => ({ kind, severity, message })),
    version: record.version,
  };
}

export function healthJson({ insights }: AccountProfile) {
  const { health } = insights;
  const breakdown = Object.values(health.components);
  return {
    score: health.score, baseScore: health.baseScore,
    components: {
      paymentCompliance: health.components.paymentCompliance.value, serviceQuality: health.components.serviceQuality.value,
      complaintResolution: health.components.complaintResolution.value, tenure: health.components.tenure.value,
      consumptionConsistency: health.components.consumptionConsistency.value,
    },
    breakdown: breakdown.map(({ key, label, weight, value, usedDefault, points }) => ({ key, label, weight, value, usedDefault, points })),
    penalties: health.penalties.map(({ kind, label, count, points }) => ({ kind, label, count, points })),
  };
}

export function billingOverviewJson({ record, insights }: AccountProfile) {
  const { billing, compliance } = insights;
  return {
    ratePlan: record.ratePlan, billingCycle: record.billingCycle, paymentMethod: record.paymentMethod,
    averageMonthlyUsage: billing.averageMonthlyUsage, usageUnit: record.usageUnit, billedMonths: billing.billedMonths,
    nextBillEstimate: billing.nextBillEstimate, outstandingCents: billing.outstandingCents, balanceCents: billing.balanceCents,
    creditCents: billing.creditCents, overdueCents: billing.overdueCents,
    lastBillingDate: billing.lastBillingDate ? billing.lastBillingDate.toISOString().slice(0, 10) : null,
    paymentCompliancePercent: compliance.percent, billsDue: compliance.billsDue, billsOnTime: compliance.onTime,
  };
}
