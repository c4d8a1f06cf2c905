/** Table-driven tests of the relationship health score: components, weights and penalties. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  complaintResolution, consumptionConsistency, healthScore, serviceQuality, tenure,
  type HealthComponentKey, type HealthScoreInput,
} from './health-score.js';

const d = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
const ASOF = d('2025-07-01T02:00:00Z');
const done = (rating: number | null, completedAt = '2025-05-01') => ({ status: 'completed', completedAt: d(completedAt), rating });
const openSince = (day: string) => ({ openedAt: d(day), resolvedAt: null });

/** A 10-year customer, every bill on time, no other data: 40 + 18.75 + 5 + 15 + 11.25 = 90. */
const base: HealthScoreInput = {
  asOf: ASOF, timeZone: 'UTC', customerSince: d('2015-07-01'), compliance: { percent: 100, late: 0 },
  serviceOrders: [], complaints: [], monthlyConsumption: [], openFraudFlag: false,
};

interface Case {
  name: string;
  input: Partial<HealthScoreInput>;
  score: number;
  baseScore?: number;
  penalties?: Array<[string, number, number]>;
  defaults?: HealthComponentKey[];
}

const cases: Case[] = [
  { name: 'baseline: on-time payer with no other data scores 90', input: {}, score: 90, penalties: [],
    defaults: ['serviceQuality', 'complaintResolution', 'consumptionConsistency'] },
  { name: 'no bill due: compliance counts as neutral 0.75 (30 points)', input: { compliance: { percent: null, late: 0 } }, score: 80,
    defaults: ['paymentCompliance', 'serviceQuality', 'complaintResolution', 'consumptionConsistency'] },
  { name: 'compliance 50% gives 20 of 40 points', input: { compliance: { percent: 50, late: 0 } }, score: 70 },
  { name: 'perfect in every component reaches 100 and no more',
    input: { serviceOrders: [done(5)], monthlyConsumption: [100, 100, 100] }, score: 100, baseScore: 100, defaults: ['complaintResolution'] },
  { name: 'compliance above 100% (bad data) still clamps at 100',
    input: { compliance: { percent: 120, late: 0 }, serviceOrders: [done(5)], monthlyConsumption: [80, 80, 80] }, score: 100 },
  { name: 'one bill paid late: −2', input: { compliance: { percent: 100, late: 1 } }, score: 88, penalties: [['late_bills', 2, 1]] },
  { name: 'seven late bills: penalty capped at 10', input: { compliance: { percent: 100, late: 7 } }, score: 80, penalties: [['late_bills', 10, 7]] },
  { name: 'complaint open 30 days: no penalty (resolution 0/1 costs 5 points)',
    input: { complaints: [openSince('2025-06-01')] }, score: 85, penalties: [] },
  { name: 'complaint open 31 days: −5', input: { complaints: [openSince('2025-05-31')] }, score: 80, penalties: [['stale_complaints', 5, 1]] },
  { name: 'four stale complaints: penalty capped at 15',
    input: { complaints: ['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01'].map(openSince) }, score: 70,
    penalties: [['stale_complaints', 15, 4]] },
  { name: 'open tampering flag: −25', input: { openFraudFlag: true }, score: 65, penalties: [['fraud_flag', 25, 1]] },
  { name: 'worst case clamps at 0', score: 0, baseScore: 0,
    input: {
      customerSince: ASOF, compliance: { percent: 0, late: 12 }, serviceOrders: [done(1)],
      complaints: [openSince('2025-01-01'), openSince('2025-02-01'), openSince('2025-03-01')],
      monthlyConsumption: [0, 0, 300], openFraudFlag: true,
    },
    penalties: [['late_bills', 10, 12], ['stale_complaints', 15, 3], ['fraud_flag', 25, 1]] },
  { name: 'penalties larger than the base clamp at 0', input: { compliance: { percent: 0, late: 5 }, customerSince: ASOF, openFraudFlag: true }, score: 0 },
  { name: 'x.5 rounds up: 1-year customer with no data is 66.5 → 67',
    input: { customerSince: d('2024-07-01'), compliance: { percent: null, late: 0 } }, score: 67, baseScore: 67 },
];

for (const c of cases) {
  test(c.name, () => {
    const result = healthScore({ ...base, ...c.input });
    assert.is(result.score, c.score, 'score');
    assert.ok(Number.isInteger(result.score));
    if (c.baseScore !== undefined) assert.is(result.baseScore, c.baseScore, 'baseScore');
    if (c.penalties) assert.equal(result.penalties.map((p) => [p.kind, p.points, p.count]), c.penalties, 'penalties');
    if (c.defaults) {
      const used = Object.values(result.components).filter((x) => x.usedDefault).map((x) => x.key);
      assert.equal(used, c.defaults, 'components on their no-data default');
    }
  });
}

test('components carry value, weight and points for the breakdown', () => {
  const { components } = healthScore({ ...base, compliance: { percent: 97.5, late: 0 } });
  assert.equal(components.paymentCompliance, {
    key: 'paymentCompliance', label: 'Payment compliance', weight: 0.4, value: 0.975, usedDefault: false, points: 39,
  });
  assert.is(components.serviceQuality.value, 0.75);
  assert.is(components.complaintResolution.value, 1);
});

const qualityCases: Array<[string, HealthScoreInput['serviceOrders'], number | null]> = [
  ['no orders: no data', [], null],
  ['one 5-star order: 1', [done(5)], 1],
  ['5 and 3 stars: mean of 1 and 0.5', [done(5), done(3)], 0.75],
  ['one 1-star order: 0', [done(1)], 0],
  ['unrated, cancelled, old and out-of-range ratings are ignored',
    [done(null), { status: 'cancelled', completedAt: null, rating: 5 }, done(5, '2024-06-30'), done(0), done(6), done(2)], 0.25],
];
for (const [name, orders, expected] of qualityCases) {
  test(`service quality: ${name}`, () => assert.is(serviceQuality({ asOf: ASOF, timeZone: 'UTC', serviceOrders: orders }), expected));
}

const resolutionCases: Array<[string, HealthScoreInput['complaints'], number | null]> = [
  ['no complaints: no data', [], null],
  ['one resolved, one open', [{ openedAt: d('2025-03-01'), resolvedAt: d('2025-03-05') }, openSince('2025-06-20')], 0.5],
  ['resolved after asOf counts as unresolved', [{ openedAt: d('2025-03-01'), resolvedAt: d('2025-07-05') }], 0],
  ['complaints older than 12 months are ignored', [openSince('2024-05-01')], null],
];
for (const [name, complaints, expected] of resolutionCases) {
  test(`complaint resolution: ${name}`, () => assert.is(complaintResolution(complaints, ASOF, 'UTC'), expected));
}

const consistencyCases: Array<[string, number[], number | null]> = [
  ['two months: not enough data', [100, 100], null],
  ['identical months: 1', [100, 100, 100], 1],
  ['90, 100, 110: 1 − CV (population std dev)', [90, 100, 110], 1 - Math.sqrt(200 / 3) / 100],
  ['CV above 1 floors at 0', [0, 0, 300], 0],
  ['all-zero months: mean 0, treated as no data', [0, 0, 0], null],
];
for (const [name, months, expected] of consistencyCases) {
  test(`consumption consistency: ${name}`, () => {
    const value = consumptionConsistency(months);
    if (expected === null) assert.is(value, null);
    else assert.ok(value !== null && Math.abs(value - expected) < 1e-12, `${value} ≈ ${expected}`);
  });
}

const tenureCases: Array<[string, number]> = [['2015-07-01', 1], ['2005-01-01', 1], ['2020-07-01', 0.5], ['2025-07-01', 0], ['2026-01-01', 0]];
for (const [since, expected] of tenureCases) {
  test(`tenure since ${since} is ${expected}`, () => assert.is(tenure(d(since), ASOF, 'UTC'), expected));
}

test.run();
