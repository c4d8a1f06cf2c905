/** Unit tests of the billing overview: average usage, next-bill estimate, outstanding (billing-overview.ts). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  averageMonthlyUsage, billingOverview, monthsInPeriod, nextBillEstimate, type BilledPeriod,
} from './billing-overview.js';
import { computeBalance } from './balance.js';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const ASOF = d('2025-07-01');

/** A monthly bill for month `m` (1-based) of `y`, issued the 1st of the next month, due the 20th. */
function monthly(y: number, m: number, usage: number, amountCents = 5_000): BilledPeriod {
  const start = new Date(Date.UTC(y, m - 1, 1));
  const end = new Date(Date.UTC(y, m, 0));
  const issued = new Date(Date.UTC(y, m, 1));
  return { periodStart: start, periodEnd: end, issuedAt: issued, dueDate: new Date(Date.UTC(y, m, 20)), amountCents, usage };
}
/** A quarterly bill starting month `m`. */
function quarterly(y: number, m: number, usage: number, amountCents = 15_000): BilledPeriod {
  return { ...monthly(y, m, usage, amountCents), periodEnd: new Date(Date.UTC(y, m + 2, 0)),
    issuedAt: new Date(Date.UTC(y, m + 2, 1)), dueDate: new Date(Date.UTC(y, m + 2, 20)) };
}
/** Monthly bills for Jun 2024 … May 2025 with the given usages (oldest first). */
const year = (usages: number[], amounts: number[] = []) =>
  usages.map((u, i) => monthly(2024 + Math.floor((5 + i) / 12), ((5 + i) % 12) + 1, u, amounts[i] ?? 5_000));

const monthsCases: Array<[string, string, number]> = [
  ['2025-01-01', '2025-01-31', 1], ['2025-02-01', '2025-02-28', 1], ['2025-01-01', '2025-02-01', 1],
  ['2025-01-01', '2025-03-31', 3], ['2025-01-01', '2025-04-01', 3], ['2025-01-15', '2025-01-20', 1],
];
for (const [start, end, expected] of monthsCases) {
  test(`monthsInPeriod(${start} … ${end}) = ${expected}`, () => {
    assert.is(monthsInPeriod({ periodStart: d(start), periodEnd: d(end) }), expected);
  });
}

const averageCases: Array<[string, BilledPeriod[], number | null, number]> = [
  ['never billed', [], null, 0],
  ['12 monthly bills', year(Array(12).fill(1000)), 1000, 12],
  ['only the latest 12 of 13 monthly bills count', [monthly(2024, 5, 99_999), ...year(Array(12).fill(1200))], 1200, 12],
  ['quarterly bills: usage / 3 per month over the last 4',
    [quarterly(2024, 1, 90_000), quarterly(2024, 4, 3000), quarterly(2024, 7, 3600), quarterly(2024, 10, 2400), quarterly(2025, 1, 3000)],
    1000, 12],
  ['new account with two bills: averaged over 2 months', [monthly(2025, 4, 900), monthly(2025, 5, 1000)], 950, 2],
  ['a bill issued after asOf is not counted yet', [monthly(2025, 5, 1000), { ...monthly(2025, 6, 5000), issuedAt: d('2025-07-02') }], 1000, 1],
  ['rounded to one decimal', [monthly(2025, 3, 1000), monthly(2025, 4, 1000), monthly(2025, 5, 1001)], 1000.3, 3],
];
for (const [name, bills, average, months] of averageCases) {
  test(`average monthly usage: ${name}`, () => {
    assert.equal(averageMonthlyUsage(bills, ASOF, 'UTC'), { average, months });
  });
}

const estimateCases: Array<[string, BilledPeriod[], { lowCents: number; highCents: number; basedOnBills: number } | null]> = [
  ['no bill: no estimate', [], null],
  ['one bill: a single-value range', [monthly(2025, 5, 1000, 4_321)], { lowCents: 4_321, highCents: 4_321, basedOnBills: 1 }],
  ['min and max of the last 3 bills; older bills ignored',
    year(Array(12).fill(1000), [...Array(9).fill(20_000), 5_000, 7_000, 6_000]), { lowCents: 5_000, highCents: 7_000, basedOnBills: 3 }],
];
for (const [name, bills, expected] of estimateCases) {
  test(`next bill estimate: ${name}`, () => assert.equal(nextBillEstimate(bills, ASOF, 'UTC'), expected));
}

test('billing overview puts usage, estimate and balance together', () => {
  const bills = year(Array(12).fill(1000), Array(12).fill(5_000));
  const payments = bills.slice(0, 11).map((b) => ({ paidAt: b.dueDate, amountCents: 5_000, status: 'processed' as const }));
  const overview = billingOverview({ asOf: ASOF, timeZone: 'UTC', bills, payments, adjustments: [{ createdAt: d('2025-06-01'), amountCents: -1_000 }] });
  assert.equal(overview, {
    averageMonthlyUsage: 1000, billedMonths: 12,
    nextBillEstimate: { lowCents: 5_000, highCents: 5_000, basedOnBills: 3 },
    lastBillingDate: d('2025-06-01'),
    balanceCents: 4_000, outstandingCents: 4_000, creditCents: 0, overdueCents: 4_000,
  });
});

// The overview takes the balance its caller computed already (the account's insights do): the same overview
// as computing it inside, each part from the same issued bills, newest first.
const overviewCases: Array<[string, BilledPeriod[]]> = [
  ['never billed', []],
  ['12 monthly bills, the last issued after asOf', [...year(Array(11).fill(1000), Array(11).fill(5_000)), { ...monthly(2025, 6, 9000, 9_000), issuedAt: d('2025-07-02') }]],
  ['quarterly bills out of order', [quarterly(2024, 10, 2400), quarterly(2024, 4, 3000), quarterly(2025, 1, 3000), quarterly(2024, 7, 3600)]],
];
for (const [name, bills] of overviewCases) {
  test(`billing overview with the caller's balance: ${name}`, () => {
    const input = { asOf: ASOF, timeZone: 'America/Chicago', bills, payments: [], adjustments: [] };
    const alone = billingOverview(input);
    assert.equal(billingOverview(input, computeBalance(input)), alone);
    assert.equal(alone.averageMonthlyUsage, averageMonthlyUsage(bills, ASOF, 'America/Chicago').average);
    assert.equal(alone.nextBillEstimate, nextBillEstimate(bills, ASOF, 'America/Chicago'));
  });
}

test.run();
