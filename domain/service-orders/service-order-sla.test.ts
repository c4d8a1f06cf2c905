/** The SLA limits by priority and type, and the deadlines they give. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_SLA_SETTINGS, slaClockFor, slaDeadlines, slaFor, type SlaSettings } from './service-order-sla.js';
import { DEFAULT_BUSINESS_HOURS, type BusinessCalendar } from '../common/business-time.js';

const chicago: BusinessCalendar = { hours: DEFAULT_BUSINESS_HOURS, holidays: new Set(['2026-12-25']), timeZone: 'America/Chicago' };

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

test('wall-clock deadlines count every hour from creation, weekend or not', () => {
  const created = new Date('2026-03-01T10:00:00Z'); // a Sunday
  const { assignBy, completeBy } = slaDeadlines(created, { assignWithinSeconds: H, completeWithinSeconds: 4 * H }, 'wall', chicago);
  assert.is(assignBy.toISOString(), '2026-03-01T11:00:00.000Z');
  assert.is(completeBy.toISOString(), '2026-03-01T14:00:00.000Z');
});

test('business-time deadlines: created Friday 16:00 with a 4-business-hour SLA is due Monday 11:00', () => {
  const created = new Date('2026-11-27T22:00:00Z'); // Friday 16:00 CST
  const { assignBy, completeBy } = slaDeadlines(created, { assignWithinSeconds: H, completeWithinSeconds: 4 * H }, 'business', chicago);
  assert.is(assignBy.toISOString(), '2026-11-27T23:00:00.000Z'); // Friday 17:00: the last business hour
  assert.is(completeBy.toISOString(), '2026-11-30T17:00:00.000Z'); // Monday 11:00 CST
});

test('business-time deadlines skip a holiday: Thursday 16:00 before Christmas + 4 h is Monday 11:00', () => {
  const { completeBy } = slaDeadlines(new Date('2026-12-24T22:00:00Z'), { assignWithinSeconds: H, completeWithinSeconds: 4 * H }, 'business', chicago);
  assert.is(completeBy.toISOString(), '2026-12-28T17:00:00.000Z');
});

const CLOCKS: [string, Parameters<typeof slaFor>[0], Parameters<typeof slaFor>[1], 'business' | 'wall'][] = [
  ['emergency orders count the wall clock', 'repair', 'emergency', 'wall'],
  ['reconnections count the wall clock whatever their priority', 'reconnection', 'low', 'wall'],
  ['other orders count business hours', 'repair', 'high', 'business'],
  ['a normal inspection counts business hours', 'inspection', 'normal', 'business'],
];
for (const [name, type, priority, clock] of CLOCKS) test(name, () => assert.is(slaClockFor(type, priority), clock));

test('an admin may put a priority on the wall clock', () => {
  const settings: SlaSettings = { ...DEFAULT_SLA_SETTINGS, clockByPriority: { ...DEFAULT_SLA_SETTINGS.clockByPriority, high: 'wall' } };
  assert.is(slaClockFor('repair', 'high', settings), 'wall');
});

test.run();
