/** Table-driven tests of the dashboard's counts, percentages and balance sums per status. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { accountFigures, openOrderFigures, trendSeries, type StatusGroup } from './dashboard-figures.js';

const g = (status: StatusGroup['status'], accounts: number, balanceCents: number, disconnectionKind: string | null = null): StatusGroup =>
  ({ status, accounts, balanceCents, disconnectionKind });

test('counts, one-decimal percentages of the total and balance sums per status', () => {
  const figures = accountFigures([
    g('active', 2, 1000), g('active', 1, 500), g('inactive', 1, 0), g('pending', 1, -200),
    g('disconnected', 1, 300, 'temporary'), g('disconnected', 1, 400, 'permanent'), g('collection', 2, 90_000),
  ]);
  assert.is(figures.totalAccounts, 9);
  assert.is(figures.totalBalanceCents, 92_000);
  assert.equal(figures.byStatus.active, { count: 3, percent: 33.3, balanceCents: 1500 });
  assert.equal(figures.byStatus.inactive, { count: 1, percent: 11.1, balanceCents: 0 });
  assert.equal(figures.byStatus.disconnected, { count: 2, percent: 22.2, balanceCents: 700 });
  assert.equal(figures.byStatus.temporarilyDisconnected, { count: 1, percent: 11.1, balanceCents: 300 });
  assert.equal(figures.byStatus.permanentlyDisconnected, { count: 1, percent: 11.1, balanceCents: 400 });
  assert.equal(figures.byStatus.collection, { count: 2, percent: 22.2, balanceCents: 90_000 });
});

const percentCases: Array<[number, number, number | null]> = [
  [1, 3, 33.3], [2, 3, 66.7], [1, 8, 12.5], [1, 1, 100], [0, 5, 0], [0, 0, null], [7245, 10_000, 72.5],
];
for (const [part, total, expected] of percentCases) {
  test(`${part} of ${total} accounts → ${expected}%`, () => {
    const groups = [g('active', part, 0)];
    if (total - part > 0) groups.push(g('inactive', total - part, 0));
    assert.is(accountFigures(groups).byStatus.active.percent, expected);
  });
}

test('no accounts: every status present with 0 and no percentage', () => {
  const figures = accountFigures([]);
  assert.is(figures.totalAccounts, 0);
  assert.equal(figures.byStatus.pending, { count: 0, percent: null, balanceCents: 0 });
});

test('a disconnected account without a kind counts as disconnected only; empty groups are harmless', () => {
  const figures = accountFigures([g('disconnected', 1, 10), g('active', 0, 0)]);
  assert.is(figures.byStatus.disconnected.count, 1);
  assert.is(figures.byStatus.temporarilyDisconnected.count, 0);
  assert.is(figures.byStatus.permanentlyDisconnected.count, 0);
});

test('open orders: every open status listed, closed ones ignored', () => {
  const { byStatus, total } = openOrderFigures([
    { status: 'created', count: 3 }, { status: 'in_progress', count: 2 }, { status: 'completed', count: 50 },
  ]);
  assert.equal(byStatus, { created: 3, assigned: 0, scheduled: 0, in_progress: 2 });
  assert.is(total, 5);
});

test('trend series: a dotted path, in day order, skipping snapshots without the number', () => {
  const snapshots = [
    { day: '2026-11-03', totals: { totalAccounts: 12, byStatus: { active: { count: 9 } } } },
    { day: '2026-11-01', totals: { totalAccounts: 10, byStatus: { active: { count: 8 } } } },
    { day: '2026-11-02', totals: { somethingElse: true } },
    { day: '2026-11-04', totals: { totalAccounts: '13' } },
  ];
  assert.equal(trendSeries(snapshots, 'totalAccounts').map((p) => p.value), [10, 12, 13]);
  assert.equal(trendSeries(snapshots, 'byStatus.active.count'), [{ day: '2026-11-01', value: 8 }, { day: '2026-11-03', value: 9 }]);
  assert.equal(trendSeries([], 'totalAccounts'), []);
});

test.run();
