/** Table-driven tests of `differs`: the nightly run writes an account row when, and only when, a stored value changed. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { differs, type AccountMetrics } from './metrics-accounts.js';
import type { StoredMetrics } from './metrics-facts.js';

const stored: StoredMetrics = {
  status: 'active', balanceCents: 12_345, overdueSince: null, lastBillingDate: '2026-11-01',
  vip: false, healthScore: 72, compliancePercent: 91.5,
};

function computed(values: StoredMetrics): AccountMetrics {
  return {
    id: 1, accountNumber: 'WU-10001', values, vipReasons: [], readStatus: stored.status, readBalanceCents: stored.balanceCents,
    readVipPinned: null, readVip: stored.vip, readHealthScore: stored.healthScore, newlyOverdue: null,
  };
}

test('the same values: nothing to write (a rerun on the same day writes no row)', () => {
  assert.not.ok(differs(computed({ ...stored }), stored));
});

const changes: Array<[string, Partial<StoredMetrics>]> = [
  ['status', { status: 'collection' }],
  ['balance', { balanceCents: 12_346 }],
  ['overdue since, set', { overdueSince: '2026-11-15' }],
  ['last billing date, cleared', { lastBillingDate: null }],
  ['last billing date, moved', { lastBillingDate: '2026-12-01' }],
  ['VIP', { vip: true }],
  ['health score', { healthScore: 73 }],
  ['health score, unknown', { healthScore: null }],
  ['compliance', { compliancePercent: 91.6 }],
  ['compliance, unknown', { compliancePercent: null }],
];
for (const [what, change] of changes) {
  test(`a changed ${what} is written`, () => assert.ok(differs(computed({ ...stored, ...change }), stored)));
}

test('every stored value is compared: a value added to the row and not to differs is caught here', () => {
  const other: Record<string, unknown> = {
    status: 'disconnected', balanceCents: 0, overdueSince: '2026-01-01', lastBillingDate: null, vip: true, healthScore: 1, compliancePercent: 0,
  };
  for (const key of Object.keys(stored) as Array<keyof StoredMetrics>) {
    assert.ok(key in other, `no other value for ${key} in this test`);
    assert.ok(differs(computed({ ...stored, [key]: other[key] }), stored), key);
  }
});

test.run();
