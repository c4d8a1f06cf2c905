/** Table-driven tests of the automatic VIP rule, its criteria and the consumption percentile. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_VIP_SETTINGS, percentile, vipStatus, type VipCriterionKey, type VipInput, type VipSettings } from './vip.js';

const d = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
const ASOF = d('2025-07-01T02:00:00Z');

/** Meets all five criteria. */
const base: VipInput = {
  asOf: ASOF, timeZone: 'UTC', customerSince: d('2018-01-01'),
  compliance: { percent: 100, billsDue: 12, late: 0 },
  averageMonthlyConsumption: 150, consumptionThreshold: 120,
  payments: [{ paidAt: d('2025-06-10'), status: 'processed' }],
  complaints: [], pin: null,
};

// The windows and the tenure in the utility's local days (America/Chicago).
const CHICAGO = 'America/Chicago';
const localCases: Array<[string, Partial<VipInput>, VipCriterionKey, boolean]> = [
  ['5 years at 00:30 local on the anniversary (spring-forward day)', { asOf: d('2026-03-08T06:30:00Z'), customerSince: d('2021-03-08') }, 'tenure', true],
  ['not yet at 23:30 local the evening before (UTC is already the anniversary)', { asOf: d('2026-03-08T05:30:00Z'), customerSince: d('2021-03-08') }, 'tenure', false],
  ['a failed payment at 23:30 local on the day 12 months back is outside (asOf the fall-back day)',
    { asOf: d('2026-11-01T18:00:00Z'), payments: [{ paidAt: d('2025-11-02T04:30:00Z'), status: 'failed' }] }, 'clean_payments', true],
  ['one at 01:30 local the next day is inside', { asOf: d('2026-11-01T18:00:00Z'), payments: [{ paidAt: d('2025-11-02T06:30:00Z'), status: 'failed' }] },
    'clean_payments', false],
  ['a second complaint at 23:30 local on the excluded day does not count', { asOf: d('2026-07-01T17:00:00Z'), complaints: [
    { openedAt: d('2026-03-01T12:00:00Z'), resolvedAt: null }, { openedAt: d('2025-07-02T04:30:00Z'), resolvedAt: null }] }, 'few_complaints', true],
  ['…one at 00:30 local the next day does', { asOf: d('2026-07-01T17:00:00Z'), complaints: [
    { openedAt: d('2026-03-01T12:00:00Z'), resolvedAt: null }, { openedAt: d('2025-07-02T05:30:00Z'), resolvedAt: null }] }, 'few_complaints', false],
];
for (const [name, input, key, holds] of localCases) {
  test(`local days: ${name}`, () => {
    const result = vipStatus({ ...base, timeZone: CHICAGO, ...input });
    assert.is(result.criteria.find((c) => c.key === key)?.holds, holds);
  });
}

interface Case {
  name: string;
  input: Partial<VipInput>;
  settings?: Partial<VipSettings>;
  vip: boolean;
  /** Criteria expected NOT to hold. */
  failing: VipCriterionKey[];
  pinned?: boolean;
  ruleVip?: boolean;
}

const cases: Case[] = [
  { name: 'all five hold: VIP', input: {}, vip: true, failing: [], pinned: false, ruleVip: true },
  { name: 'pinned off although all five hold: not VIP', input: { pin: false }, vip: false, failing: [], pinned: true, ruleVip: true },
  { name: 'pinned on although none holds: VIP',
    input: { pin: true, customerSince: d('2025-01-01'), compliance: { percent: null, billsDue: 0, late: 0 },
      averageMonthlyConsumption: null, payments: [{ paidAt: d('2025-06-01'), status: 'failed' }],
      complaints: [1, 2].map(() => ({ openedAt: d('2025-06-01'), resolvedAt: null })) },
    vip: true, failing: ['compliance', 'tenure', 'consumption', 'clean_payments', 'few_complaints'], pinned: true, ruleVip: false },
  { name: 'exactly 4 of 5 (tenure 3 years): VIP', input: { customerSince: d('2022-07-01') }, vip: true, failing: ['tenure'] },
  { name: '3 of 5: not VIP', input: { customerSince: d('2022-07-01'), averageMonthlyConsumption: 100 },
    vip: false, failing: ['tenure', 'consumption'] },
  { name: 'minimum criteria is a setting: 4 of 5 is not enough at 5', input: { customerSince: d('2022-07-01') },
    settings: { minCriteria: 5 }, vip: false, failing: ['tenure'] },
  { name: 'compliance exactly 95% with exactly 6 bills holds', input: { compliance: { percent: 95, billsDue: 6, late: 0 } }, vip: true, failing: [] },
  { name: 'compliance 94.9% fails', input: { compliance: { percent: 94.9, billsDue: 20, late: 0 } }, vip: true, failing: ['compliance'] },
  { name: '100% over only 5 bills fails', input: { compliance: { percent: 100, billsDue: 5, late: 0 } }, vip: true, failing: ['compliance'] },
  { name: 'no bill due yet: compliance fails', input: { compliance: { percent: null, billsDue: 0, late: 0 } }, vip: true, failing: ['compliance'] },
  { name: 'customer for exactly 5 years holds', input: { customerSince: d('2020-07-01') }, vip: true, failing: [] },
  { name: 'customer for 4 years 11 months fails', input: { customerSince: d('2020-07-02') }, vip: true, failing: ['tenure'] },
  { name: 'consumption exactly at the 80th percentile holds', input: { averageMonthlyConsumption: 120 }, vip: true, failing: [] },
  { name: 'consumption just below the percentile fails', input: { averageMonthlyConsumption: 119.9 }, vip: true, failing: ['consumption'] },
  { name: 'no percentile available (no active accounts) fails', input: { consumptionThreshold: null }, vip: true, failing: ['consumption'] },
  { name: 'a failed payment in 12 months fails clean payments',
    input: { payments: [{ paidAt: d('2025-02-01'), status: 'failed' }] }, vip: true, failing: ['clean_payments'] },
  { name: 'a failed payment 13 months ago does not count',
    input: { payments: [{ paidAt: d('2024-06-01'), status: 'failed' }] }, vip: true, failing: [] },
  { name: 'a pending payment is not a failed one', input: { payments: [{ paidAt: d('2025-06-30'), status: 'pending' }] }, vip: true, failing: [] },
  { name: 'a late bill fails clean payments (and compliance below 95%): 3 of 5',
    input: { compliance: { percent: 91.7, billsDue: 12, late: 1 } }, vip: false, failing: ['compliance', 'clean_payments'] },
  { name: 'one late bill of 20 keeps 95% but fails clean payments: 4 of 5',
    input: { compliance: { percent: 95, billsDue: 20, late: 1 } }, vip: true, failing: ['clean_payments'] },
  { name: 'one complaint in 12 months holds', input: { complaints: [{ openedAt: d('2025-03-01'), resolvedAt: null }] }, vip: true, failing: [] },
  { name: 'two complaints in 12 months fail',
    input: { complaints: [{ openedAt: d('2025-03-01'), resolvedAt: d('2025-03-02') }, { openedAt: d('2025-05-01'), resolvedAt: null }] },
    vip: true, failing: ['few_complaints'] },
  { name: 'a complaint older than 12 months does not count',
    input: { complaints: [{ openedAt: d('2024-06-01'), resolvedAt: null }, { openedAt: d('2025-05-01'), resolvedAt: null }] },
    vip: true, failing: [] },
];

for (const c of cases) {
  test(c.name, () => {
    const result = vipStatus({ ...base, ...c.input }, { ...DEFAULT_VIP_SETTINGS, ...c.settings });
    assert.is(result.vip, c.vip, 'vip');
    assert.equal(result.criteria.filter((x) => !x.holds).map((x) => x.key), c.failing, 'failing criteria');
    assert.is(result.criteriaMet, 5 - c.failing.length);
    if (c.pinned !== undefined) assert.is(result.pinned, c.pinned, 'pinned');
    if (c.ruleVip !== undefined) assert.is(result.ruleVip, c.ruleVip, 'ruleVip');
  });
}

test('criteria explain themselves to the agent', () => {
  const { criteria } = vipStatus({ ...base, compliance: { percent: 97.5, billsDue: 8, late: 0 } });
  assert.equal(criteria.map((c) => c.detail), [
    '97.5% on time over 8 bills due',
    'Customer for 7.5 years',
    'Averages 150 a month; the bar is 120',
    '0 failed payments, 0 late bills in 12 months',
    '0 complaints in 12 months',
  ]);
  assert.is(criteria[0].label, 'Payment compliance ≥ 95% over ≥ 6 bills');
});

const percentileCases: Array<[number[], number, number | null]> = [
  [[], 80, null],
  [[7], 80, 7],
  [[1, 2, 3, 4, 5], 80, 4.2],
  [[5, 1, 4, 2, 3], 80, 4.2],
  [[1, 2, 3, 4], 50, 2.5],
  [[10, 20, 30], 0, 10],
  [[10, 20, 30], 100, 30],
  [[100, 200, 300, 400, 500, 600, 700, 800, 900, 1000], 80, 820],
];
for (const [values, p, expected] of percentileCases) {
  test(`percentile([${values}], ${p}) = ${expected}`, () => {
    const value = percentile(values, p);
    if (expected === null) assert.is(value, null);
    else assert.ok(value !== null && Math.abs(value - expected) < 1e-9, `${value} ≈ ${expected}`);
  });
}

test('percentile refuses p outside 0..100', () => {
  assert.throws(() => percentile([1, 2], 101), RangeError);
  assert.throws(() => percentile([1, 2], -1), RangeError);
});

test.run();
