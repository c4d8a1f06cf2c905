/** Quiet hours, hand-worked in America/Chicago (CST = UTC−6 in November; CDT = UTC−5 until 1 November 2026). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_QUIET_HOURS, isEmergencyNotice, quietHoursEndAfter, quietHoursOf, type QuietHours } from './quiet-hours.js';

const timeZone = 'America/Chicago';
const night = DEFAULT_QUIET_HOURS; // 21:00–08:00, crossing midnight
const early: QuietHours = { start: '01:00', end: '06:00' };

// [what, at (UTC), window, quiet hours end (UTC) or null]
const cases: Array<[string, string, QuietHours, string | null]> = [
  ['22:00 waits until 08:00 the next morning', '2026-12-01T04:00:00Z', night, '2026-12-01T14:00:00Z'],
  ['21:00 sharp is quiet', '2026-12-01T03:00:00Z', night, '2026-12-01T14:00:00Z'],
  ['20:59 is not', '2026-12-01T02:59:00Z', night, null],
  ['02:00 (after midnight) waits until 08:00 the same morning', '2026-12-01T08:00:00Z', night, '2026-12-01T14:00:00Z'],
  ['07:59 waits one minute', '2026-12-01T13:59:00Z', night, '2026-12-01T14:00:00Z'],
  ['08:00 sharp is not quiet', '2026-12-01T14:00:00Z', night, null],
  ['noon is not quiet', '2026-12-01T18:00:00Z', night, null],
  ['a same-day window: 03:00 in 01:00–06:00 waits until 06:00', '2026-12-01T09:00:00Z', early, '2026-12-01T12:00:00Z'],
  ['a same-day window: 23:00 is outside 01:00–06:00', '2026-12-01T05:00:00Z', early, null],
  ['start equal to end is no window', '2026-12-01T04:00:00Z', { start: '22:00', end: '22:00' }, null],
  // Saturday 31 Oct 22:00 CDT (03:00Z); the night has 25 hours: 08:00 CST on Sunday is 14:00Z.
  ['the fall-back night: 22:00 CDT waits until 08:00 CST', '2026-11-01T03:00:00Z', night, '2026-11-01T14:00:00Z'],
  // Saturday 7 March 22:00 CST (04:00Z); 08:00 CDT on Sunday is 13:00Z.
  ['the spring-forward night: 22:00 CST waits until 08:00 CDT', '2026-03-08T04:00:00Z', night, '2026-03-08T13:00:00Z'],
];
for (const [what, at, window, end] of cases) {
  test(`quietHoursEndAfter: ${what}`, () => {
    assert.is(quietHoursEndAfter(new Date(at), window, timeZone)?.toISOString() ?? null, end && new Date(end).toISOString());
  });
}

test("a consumer's own window replaces the default; none set means the default", () => {
  assert.equal(quietHoursOf({ quietHoursStart: '22:30', quietHoursEnd: '07:00' }, night), { start: '22:30', end: '07:00' });
  assert.equal(quietHoursOf({ quietHoursStart: null, quietHoursEnd: null }, night), night);
});

const emergencies: Array<[Parameters<typeof isEmergencyNotice>[0], Parameters<typeof isEmergencyNotice>[1], boolean]> = [
  ['order_created', 'emergency', true],
  ['technician_scheduled', 'emergency', true],
  ['appointment_reminder', 'emergency', true],
  ['order_completed', 'emergency', true],
  ['satisfaction_survey', 'emergency', false],
  ['order_created', 'high', false],
  ['balance_overdue', null, false],
  ['anomalous_reading', null, false],
];
for (const [event, priority, expected] of emergencies) {
  test(`isEmergencyNotice(${event}, ${priority}) = ${expected}`, () => assert.is(isEmergencyNotice(event, priority), expected));
}

test.run();
