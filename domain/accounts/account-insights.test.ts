/** Tests that an account's metrics are the rules' own answers for the same facts and day. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { billingOverview } from '../billing/billing-overview.js';
import { billSpans, consumptionMonths } from '../readings/consumption-months.js';
import { healthScore, HEALTH_WEIGHTS } from './health-score.js';
import { paymentCompliance } from '../billing/payment-compliance.js';
import { DEFAULT_VIP_SETTINGS } from './vip.js';
import type { AccountFacts } from './account-facts.js';
import { accountInsights } from './account-insights.js';
import { vipSettingsFrom } from './vip-settings.js';
import { allocatePayments } from '../billing/allocation.js';

const ZONE = 'America/Chicago';

const d = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
const ASOF = d('2026-07-01T15:00:00Z');
const TZ = 'UTC';

/** Twelve monthly bills (Jul 2025 … Jun 2026), each due on the 20th of the next month. */
function monthlyBills(usage = (i: number) => 4000 + (i % 3) * 100) {
  return Array.from({ length: 12 }, (_, i) => {
    const start = new Date(Date.UTC(2025, 6 + i, 1));
    const end = new Date(Date.UTC(2025, 7 + i, 0));
    return {
      id: String(i + 1), periodStart: start, periodEnd: end, issuedAt: new Date(Date.UTC(2025, 7 + i, 1)),
      dueDate: new Date(Date.UTC(2025, 7 + i, 20)), amountCents: 5000 + i * 100, usage: usage(i),
    };
  });
}

/** The stored allocations these bills and payments would have (what the services write). */
function allocationsOf(bills: AccountFacts['bills'], payments: AccountFacts['payments']): AccountFacts['allocations'] {
  const rows = allocatePayments(
    bills.map((b) => ({ id: Number(b.id), issuedAt: b.issuedAt, dueDate: b.dueDate, amountCents: b.amountCents })),
    payments.map((p, i) => ({ id: i + 1, billId: p.billId === null ? null : Number(p.billId), paidAt: p.paidAt, amountCents: p.amountCents, status: p.status })),
    ZONE,
  );
  return rows.map((r) => ({ billId: String(r.billId), amountCents: r.amountCents, appliedOn: r.appliedOn }));
}

function facts(overrides: Partial<AccountFacts> = {}): AccountFacts {
  const base = {
    account: { id: 1, accountNumber: 'WU-10001', customerSince: d('2018-03-15'), status: 'active' as const, vipPinned: null, vipPinReason: null },
    bills: [], payments: [], adjustments: [], complaints: [], serviceOrders: [], consumptionReadings: [], pendingReadings: [],
    openFraudFlag: null, consumptionBar: null, ...overrides,
  };
  return { ...base, allocations: overrides.allocations ?? allocationsOf(base.bills, base.payments) };
}

/** Every due bill paid in full, on time, five days before its due date. */
const paidOnTime = (bills: ReturnType<typeof monthlyBills>) => bills
  .filter((b) => b.dueDate < ASOF)
  .map((b) => ({ billId: b.id, paidAt: new Date(b.dueDate.getTime() - 5 * 86_400_000), amountCents: b.amountCents, status: 'processed' as const }));

test('an account with no history: neutral defaults, no VIP, nothing owed, no alerts', () => {
  const insights = accountInsights(facts(), ASOF, ZONE);
  assert.is(insights.compliance.percent, null);
  assert.is(insights.health.components.paymentCompliance.usedDefault, true);
  assert.is(insights.health.components.serviceQuality.usedDefault, true);
  assert.is(insights.health.components.complaintResolution.value, 1);
  assert.is(insights.health.components.consumptionConsistency.usedDefault, true);
  // 0.4·0.75 + 0.25·0.75 + 0.05·1 + 0.15·(8 years / 10) + 0.15·0.75 = 0.77
  assert.is(insights.health.score, 77);
  assert.equal(insights.health.penalties, []);
  assert.is(insights.vip.vip, false);
  assert.is(insights.balance.balanceCents, 0);
  assert.is(insights.billing.averageMonthlyUsage, null);
  assert.equal(insights.alerts, []);
});

test('every metric is the rules’ own answer for the same facts and asOf', () => {
  const bills = monthlyBills();
  const payments = paidOnTime(bills);
  payments[2] = { ...payments[2], paidAt: new Date(bills[2].dueDate.getTime() + 3 * 86_400_000) }; // late
  const input = facts({ bills, payments, serviceOrders: [{ orderNumber: 'SO-1', status: 'completed', completedAt: d('2026-03-01'), rating: 5, overdue: false, slaDueAt: null }] });
  const insights = accountInsights(input, ASOF, ZONE);
  assert.equal(insights.compliance, paymentCompliance(bills, input.allocations, ASOF, ZONE));
  assert.equal(insights.billing, billingOverview({ asOf: ASOF, timeZone: ZONE, bills, payments, adjustments: [] }));
  assert.equal(insights.health, healthScore({
    asOf: ASOF, timeZone: TZ, customerSince: input.account.customerSince, compliance: insights.compliance, serviceOrders: input.serviceOrders,
    complaints: [], monthlyConsumption: consumptionMonths(billSpans(bills), ASOF, TZ), openFraudFlag: false,
  }));
  assert.is(insights.compliance.late, 1);
  assert.equal(insights.health.penalties.map((p) => [p.kind, p.points]), [['late_bills', 2]]);
});

test('the components’ points, rounded, minus the penalties give the score', () => {
  const bills = monthlyBills((i) => 3000 + i * 400);
  const insights = accountInsights(facts({
    bills, payments: paidOnTime(bills).slice(3),
    complaints: [{ openedAt: d('2026-04-01'), resolvedAt: null }, { openedAt: d('2026-06-20'), resolvedAt: d('2026-06-22') }],
    openFraudFlag: { kind: 'tampering', openedAt: d('2026-06-01') },
  }), ASOF, ZONE);
  const { health } = insights;
  const points = Object.values(health.components).reduce((s, c) => s + c.points, 0);
  const penalties = health.penalties.reduce((s, p) => s + p.points, 0);
  assert.is(Math.round(points), health.baseScore);
  assert.is(Math.max(0, Math.min(100, health.baseScore - penalties)), health.score);
  assert.equal(health.penalties.map((p) => p.kind), ['late_bills', 'stale_complaints', 'fraud_flag']);
  assert.is(Object.values(health.components).reduce((s, c) => s + c.weight, 0), Object.values(HEALTH_WEIGHTS).reduce((s, w) => s + w, 0));
});

test('balance counts processed payments and adjustments only; an overdue bill raises an alert', () => {
  const bills = monthlyBills();
  const payments = [
    ...paidOnTime(bills).slice(0, -1), // the last due bill stays unpaid
    { billId: '12', paidAt: d('2026-06-25'), amountCents: 999, status: 'failed' as const },
  ];
  const insights = accountInsights(facts({ bills, payments, adjustments: [{ createdAt: d('2026-05-01'), amountCents: -250 }] }), ASOF, ZONE);
  const billed = bills.filter((b) => b.issuedAt <= ASOF).reduce((s, b) => s + b.amountCents, 0);
  const paid = payments.filter((p) => p.status === 'processed').reduce((s, p) => s + p.amountCents, 0);
  assert.is(insights.balance.balanceCents, billed - paid - 250);
  assert.ok(insights.balance.overdueCents > 0);
  assert.is(insights.alerts[0].kind, 'overdue_balance');
});

test('VIP by the rule lists every criterion that holds as a reason', () => {
  const bills = monthlyBills();
  const insights = accountInsights(facts({ bills, payments: paidOnTime(bills), consumptionBar: 3500 }), ASOF, ZONE);
  assert.is(insights.vip.vip, true);
  assert.is(insights.vip.criteriaMet, 5);
  assert.equal(insights.vip.reasons, insights.vip.criteria.map((c) => c.label));
});

test('a pin beats the rule and comes first among the reasons', () => {
  const off = accountInsights(facts({
    account: { ...facts().account, vipPinned: true, vipPinReason: 'Hospital' },
  }), ASOF, ZONE);
  assert.is(off.vip.vip, true);
  assert.is(off.vip.ruleVip, false);
  assert.is(off.vip.reasons[0], 'Pinned on by an admin: Hospital');
});

test('VIP thresholds come from the settings', () => {
  const bills = monthlyBills();
  const good = facts({ bills, payments: paidOnTime(bills), consumptionBar: 99_999 });
  assert.is(accountInsights(good, ASOF, ZONE).vip.vip, true); // 4 of 5
  assert.is(accountInsights(good, ASOF, ZONE, { ...DEFAULT_VIP_SETTINGS, minCriteria: 5 }).vip.vip, false);
});

test('the stored vip setting: each usable field applies, anything else keeps its default', () => {
  assert.equal(vipSettingsFrom(null), DEFAULT_VIP_SETTINGS);
  assert.equal(vipSettingsFrom('nonsense'), DEFAULT_VIP_SETTINGS);
  const mixed = vipSettingsFrom({ minCriteria: 3, consumptionPercentile: 'high', minTenureYears: -1, maxComplaints: 2 });
  assert.equal(mixed, { ...DEFAULT_VIP_SETTINGS, minCriteria: 3, maxComplaints: 2 });
});

test('alerts come from the pending readings, complaints, orders past SLA and the fraud flag', () => {
  const insights = accountInsights(facts({
    pendingReadings: [
      { meterNumber: 'M-1', readAt: d('2026-06-28'), verificationStatus: 'pending', flags: ['high'] },
      { meterNumber: 'M-1', readAt: d('2026-06-29'), verificationStatus: 'pending', flags: [] },
    ],
    serviceOrders: [{ orderNumber: 'SO-9', status: 'assigned', completedAt: null, rating: null, overdue: false, slaDueAt: d('2026-06-30') }],
    openFraudFlag: { kind: 'fraud', openedAt: d('2026-06-01') },
  }), ASOF, ZONE);
  assert.equal(insights.alerts.map((a) => a.kind), ['fraud_flag', 'anomalous_readings', 'sla_missed', 'unverified_readings']);
});

test('a quarterly customer with 2 bills (6 months of data) gets a computed consistency, from its readings or its bills', () => {
  const asOf = d('2026-07-15T15:00:00Z');
  const quarter = (id: string, start: string, end: string, usage: number) => ({
    id, periodStart: d(start), periodEnd: d(end), issuedAt: d(end), dueDate: d(end), amountCents: 15_000, usage,
  });
  const bills = [quarter('1', '2026-01-01', '2026-03-31', 9_000), quarter('2', '2026-04-01', '2026-06-30', 9_100)];
  const fromBills = accountInsights(facts({ bills }), asOf, 'America/Chicago').health.components.consumptionConsistency;
  assert.is(fromBills.usedDefault, false);
  assert.ok(fromBills.value > 0.9 && fromBills.value < 1, `${fromBills.value}`);
  const consumptionReadings = [
    { previousReadAt: d('2026-01-02'), readAt: d('2026-04-01'), consumption: 9_000 },
    { previousReadAt: d('2026-04-01'), readAt: d('2026-07-01'), consumption: 12_000 },
  ];
  const fromReadings = accountInsights(facts({ bills, consumptionReadings }), asOf, 'America/Chicago').health.components.consumptionConsistency;
  assert.is(fromReadings.usedDefault, false);
  assert.ok(fromReadings.value < fromBills.value, 'the readings (which differ between quarters) decide, not the bills');
  // One quarter read is 3 months: still computed; nothing read or billed: the default.
  const oneQuarter = accountInsights(facts({ bills: bills.slice(0, 1) }), asOf, 'America/Chicago').health.components.consumptionConsistency;
  assert.is(oneQuarter.usedDefault, false);
  assert.is(accountInsights(facts(), asOf, 'America/Chicago').health.components.consumptionConsistency.usedDefault, true);
});

test.run();
