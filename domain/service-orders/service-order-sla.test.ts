/** The SLA limits by priority and type, and the deadlines they give. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_SLA_SETTINGS, slaDeadlines, slaFor, type SlaSettings } from './service-order-sla.js';

const H = 3600;
const CASES: [string, Parameters<typeof slaFor>[0], Parameters<typeof slaFor>[1], number, number][] = [
  ['emergency must be assigned within 1 hour', 'repair', 'emergency', 1 * H, 4 * H],
  ['high priority', 'inspection', 'high', 4 * H, 24 * H],
  ['normal priority', 'maintenance', 'normal', 24 * H, 72 * H],
  ['low priority', 'meter_reading', 'low', 72 * H, 168 * H],
  ['reconnection is tightened by its type', 'reconnection', 'low', 72 * H, 24 * H],
  ['the tighter of type and priority wins', 'reconnection', 'emergency', 1 * H, 4 * H],
];
for (const [name, type, priority, assign, complete] of CASES) {
  test(name, () => {
    assert.equal(slaFor(type, priority), { assignWithinSeconds: assign, completeWithinSeconds: complete });
  });
}

test('settings can give seconds (tests) instead of hours', () => {
  const fast: SlaSettings = { ...DEFAULT_SLA_SETTINGS, byPriority: { ...DEFAULT_SLA_SETTINGS.byPriority, normal: { assignWithinSeconds: 2, completeWithinSeconds: 5 } } };
  assert.equal(slaFor('repair', 'normal', fast), { assignWithinSeconds: 2, completeWithinSeconds: 5 });
});

test('deadlines count from creation', () => {
  const created = new Date('2026-03-01T10:00:00Z');
  const { assignBy, completeBy } = slaDeadlines(created, { assignWithinSeconds: H, completeWithinSeconds: 4 * H });
  assert.is(assignBy.toISOString(), '2026-03-01T11:00:00.000Z');
  assert.is(completeBy.toISOString(), '2026-03-01T14:00:00.000Z');
});

test.run();
