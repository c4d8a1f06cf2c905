/** Table-driven tests of consumption per calendar month: readings and bills spread over their days, only whole months counted. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { billSpans, consumptionMonths, monthlySeries, readingSpans, type ConsumptionSpan, type MarkedSpan, type MonthOfConsumption } from './consumption-months.js';
import { consumptionConsistency, NO_DATA_DEFAULTS } from '../accounts/health-score.js';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const CHICAGO = 'America/Chicago';
const span = (from: string, to: string, amount: number): ConsumptionSpan => ({ from: d(from), to: d(to), amount });
const close = (actual: number[], expected: number[]) => {
  assert.is(actual.length, expected.length, `${actual} vs ${expected}`);
  for (const [i, v] of actual.entries()) assert.ok(Math.abs(v - expected[i]) < 1e-9, `month ${i}: ${v} ≈ ${expected[i]}`);
};

/** A quarterly bill: period start … end (inclusive). */
const quarter = (start: string, end: string, usage: number) => ({ periodStart: d(start), periodEnd: d(end), usage });

test('quarterly billing with 2 bills (6 months of data) gives 6 months and a computed consistency, not the default', () => {
  const bills = [quarter('2026-01-01', '2026-03-31', 9_000), quarter('2026-04-01', '2026-06-30', 9_100)];
  const months = consumptionMonths(billSpans(bills), new Date('2026-07-15T15:00:00Z'), CHICAGO);
  // 100 a day in both quarters (9,000 over 90 days, 9,100 over 91), so each month is 100 × its days.
  close(months, [3100, 2800, 3100, 3000, 3100, 3000]);
  const consistency = consumptionConsistency(months);
  assert.ok(consistency !== null && consistency !== NO_DATA_DEFAULTS.consumptionConsistency, `computed: ${consistency}`);
});

test('quarterly readings (3 readings, 2 consumptions) count the calendar months they fully cover', () => {
  const readings = [
    { previousReadAt: d('2026-01-15'), readAt: d('2026-04-15'), consumption: 9_000 },
    { previousReadAt: d('2026-04-15'), readAt: d('2026-07-15'), consumption: 9_100 },
  ];
  // Covered 16 Jan … 15 Jul: February to June are whole months.
  assert.is(consumptionMonths(readingSpans(readings), new Date('2026-07-20T15:00:00Z'), CHICAGO).length, 5);
});

// [name, spans, asOf, expected month totals]
const cases: Array<[string, ConsumptionSpan[], string, number[]]> = [
  ['no data', [], '2026-07-01T15:00:00Z', []],
  ['a month read on its boundaries is that month', [span('2026-04-30', '2026-05-31', 310)], '2026-07-01T15:00:00Z', [310]],
  ['a partly covered month is left out', [span('2026-05-10', '2026-06-30', 510)], '2026-07-01T15:00:00Z', [300]],
  ['two monthly reads mid-month cover the month between', [span('2026-03-15', '2026-04-15', 310), span('2026-04-15', '2026-05-15', 300)],
    '2026-07-01T15:00:00Z', [300]],
  ['a month ending on asOf\'s local day counts (23:30 local on 30 June, 04:30 UTC on 1 July)', [span('2026-05-31', '2026-06-30', 300)],
    '2026-07-01T04:30:00Z', [300]],
  ['…but not when asOf\'s local day is still 29 June', [span('2026-05-31', '2026-06-30', 300)], '2026-06-30T04:30:00Z', []],
  ['months older than the trailing 12 are out (the window of 31 July 2026 starts 1 August 2025)',
    [span('2025-06-30', '2025-07-31', 300), span('2025-07-31', '2025-08-31', 310)], '2026-07-31T15:00:00Z', [310]],
  ['the spring-forward month is a whole month like any other', [span('2026-02-28', '2026-03-31', 3100)], '2026-04-01T15:00:00Z', [3100]],
  ['the fall-back month too', [span('2026-10-31', '2026-11-30', 3000)], '2026-12-01T05:30:00Z', [3000]],
  ['a reading on itself (0 days) or with a negative amount is ignored', [span('2026-05-31', '2026-05-31', 50), span('2026-04-30', '2026-05-31', -5)],
    '2026-07-01T15:00:00Z', []],
];
for (const [name, spans, asOf, expected] of cases) {
  test(`consumption months: ${name}`, () => close(consumptionMonths(spans, new Date(asOf), CHICAGO), expected));
}

test('the remembered window follows asOf: every case again, in reverse and interleaved, gives the same months', () => {
  const order = [...cases].reverse().flatMap((c, i) => [c, cases[i]]);
  for (const [, spans, asOf, expected] of order) close(consumptionMonths(spans, new Date(asOf), CHICAGO), expected);
});

test('consistency needs 3 calendar months, not 3 bills or readings', () => {
  const oneQuarter = consumptionMonths(billSpans([quarter('2026-01-01', '2026-03-31', 9_000)]), new Date('2026-04-10T15:00:00Z'), CHICAGO);
  assert.is(oneQuarter.length, 3);
  assert.ok(consumptionConsistency(oneQuarter) !== null);
  const twoMonths = consumptionMonths([span('2026-02-28', '2026-04-30', 6_100)], new Date('2026-05-10T15:00:00Z'), CHICAGO);
  assert.is(consumptionConsistency(twoMonths), null);
});

/** The chart's series: readings (or bills) spread over their days, whole months only, marked by flagged and estimated readings. */
const marked = (from: string, to: string, amount: number, marks: Partial<Pick<MarkedSpan, 'flagged' | 'estimated'>> = {}): MarkedSpan =>
  ({ ...span(from, to, amount), flagged: false, estimated: false, ...marks });
const month = (key: string, consumption: number, marks: Partial<Pick<MonthOfConsumption, 'flagged' | 'estimated'>> = {}): MonthOfConsumption =>
  ({ month: key, consumption, flagged: false, estimated: false, ...marks });

const seriesCases: Array<[string, MarkedSpan[], string, number, MonthOfConsumption[]]> = [
  ['a meter read every quarter: a bar each month, a third of the quarter, not one bar of three',
    [marked('2026-01-01', '2026-04-01', 9_000), marked('2026-04-01', '2026-07-01', 9_100)], '2026-07-20', 24,
    // 100 a day over both quarters (9,000 over 90 days, 9,100 over 91); January 1 is before the first reading.
    [month('2026-02', 2_800), month('2026-03', 3_100), month('2026-04', 3_000), month('2026-05', 3_100), month('2026-06', 3_000)]],
  ['monthly readings on the 15th: each month half of two readings; the months at both ends are not whole',
    [marked('2026-01-15', '2026-02-15', 310), marked('2026-02-15', '2026-03-15', 280), marked('2026-03-15', '2026-04-15', 310)], '2026-05-01', 24,
    [month('2026-02', 280), month('2026-03', 310)]],
  ['a flagged reading and an estimate mark every month with a day they cover (the days after the reading before, to their own)',
    [marked('2026-01-01', '2026-02-01', 310), marked('2026-02-01', '2026-03-01', 280, { flagged: true }),
      marked('2026-03-01', '2026-04-15', 450, { estimated: true }), marked('2026-04-15', '2026-05-01', 160)], '2026-05-10', 24,
    // 10 a day throughout; the flagged reading of March 1 covers February 2 to March 1.
    [month('2026-02', 280, { flagged: true }), month('2026-03', 310, { flagged: true, estimated: true }), month('2026-04', 300, { estimated: true })]],
  ['only the trailing window: months older than it are left out',
    [marked('2023-12-31', '2024-01-31', 310), marked('2025-12-31', '2026-01-31', 620)], '2026-02-10', 12,
    [month('2026-01', 620)]],
  ['nothing covered: no months', [], '2026-02-10', 24, []],
];

for (const [name, spans, asOf, months, expected] of seriesCases) {
  test(`chart: ${name}`, () => assert.equal(monthlySeries(spans, new Date(`${asOf}T18:00:00Z`), CHICAGO, months), expected));
}

test.run();
