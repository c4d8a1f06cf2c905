/**
 * Business time, hand-worked in America/Chicago (CST = UTC−6, CDT = UTC−5; 2026's clocks spring forward
 * on Sunday 8 March and fall back on Sunday 1 November).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addBusinessMinutes, businessMinutesBetween, DEFAULT_BUSINESS_HOURS, type BusinessCalendar, type BusinessHours } from './business-time.js';

const timeZone = 'America/Chicago';
const calendar = (holidays: string[] = [], hours: BusinessHours = DEFAULT_BUSINESS_HOURS): BusinessCalendar =>
  ({ hours, holidays: new Set(holidays), timeZone });
const everyDayEarly: BusinessHours = { start: '00:00', end: '05:00', days: [0, 1, 2, 3, 4, 5, 6] };

// [what, start (UTC), business minutes, due (UTC), calendar]
const addCases: Array<[string, string, number, string, BusinessCalendar]> = [
  ['Friday 16:00 + 4 h is Monday 11:00', '2026-11-27T22:00:00Z', 240, '2026-11-30T17:00:00Z', calendar()],
  ['Thursday 16:00 + 4 h skips the Friday holiday: Monday 11:00', '2026-12-24T22:00:00Z', 240, '2026-12-28T17:00:00Z', calendar(['2026-12-25'])],
  ['a holiday Monday pushes it to Tuesday 11:00', '2026-11-27T22:00:00Z', 240, '2026-12-01T17:00:00Z', calendar(['2026-11-30'])],
  ['spring forward: Friday 16:00 CST + 4 h is Monday 11:00 CDT', '2026-03-06T22:00:00Z', 240, '2026-03-09T16:00:00Z', calendar()],
  ['fall back: Friday 16:00 CDT + 4 h is Monday 11:00 CST', '2026-10-30T21:00:00Z', 240, '2026-11-02T17:00:00Z', calendar()],
  ['before opening: Monday 06:00 + 1 h is 09:00', '2026-11-30T12:00:00Z', 60, '2026-11-30T15:00:00Z', calendar()],
  ['after closing: Monday 18:00 + 1 h is Tuesday 09:00', '2026-12-01T00:00:00Z', 60, '2026-12-01T15:00:00Z', calendar()],
  ['Saturday noon + 1 h is Monday 09:00', '2026-11-28T18:00:00Z', 60, '2026-11-30T15:00:00Z', calendar()],
  ['work that ends at closing is due at closing: Friday 13:00 + 4 h', '2026-11-27T19:00:00Z', 240, '2026-11-27T23:00:00Z', calendar()],
  ['zero minutes is due at once, even at night', '2026-11-28T05:00:00Z', 0, '2026-11-28T05:00:00Z', calendar()],
  ['a 9-hour day: Monday 08:00 + 18 h is Tuesday 17:00', '2026-11-30T14:00:00Z', 18 * 60, '2026-12-01T23:00:00Z', calendar()],
  // 00:00–05:00 on the spring-forward day lasts 4 real hours (06:00Z–10:00Z), the next day 5.
  ['spring-forward day window is 4 real hours: + 4 h ends at its close', '2026-03-08T06:00:00Z', 240, '2026-03-08T10:00:00Z', calendar([], everyDayEarly)],
  ['spring-forward day + 5 h: 1 h into Monday (00:00 CDT = 05:00Z)', '2026-03-08T06:00:00Z', 300, '2026-03-09T06:00:00Z', calendar([], everyDayEarly)],
  // 00:00–05:00 on the fall-back day lasts 6 real hours (05:00Z–11:00Z).
  ['fall-back day window is 6 real hours: + 5 h is 04:00 CST', '2026-11-01T05:00:00Z', 300, '2026-11-01T10:00:00Z', calendar([], everyDayEarly)],
  ['fall-back day + 7 h: 1 h into Monday (00:00 CST = 06:00Z)', '2026-11-01T05:00:00Z', 420, '2026-11-02T07:00:00Z', calendar([], everyDayEarly)],
];
for (const [what, start, minutes, due, cal] of addCases) {
  test(`addBusinessMinutes: ${what}`, () => {
    assert.is(addBusinessMinutes(new Date(start), minutes, cal).toISOString(), new Date(due).toISOString());
  });
}

// [what, from (UTC), to (UTC), business minutes, calendar]
const betweenCases: Array<[string, string, string, number, BusinessCalendar]> = [
  ['Friday 16:00 to Monday 11:00', '2026-11-27T22:00:00Z', '2026-11-30T17:00:00Z', 240, calendar()],
  ['backwards is negative (past the deadline)', '2026-11-30T17:00:00Z', '2026-11-27T22:00:00Z', -240, calendar()],
  ['across the holiday', '2026-12-24T22:00:00Z', '2026-12-28T17:00:00Z', 240, calendar(['2026-12-25'])],
  ['across spring forward (66 wall-clock hours, 4 business)', '2026-03-06T22:00:00Z', '2026-03-09T16:00:00Z', 240, calendar()],
  ['across fall back', '2026-10-30T21:00:00Z', '2026-11-02T17:00:00Z', 240, calendar()],
  ['inside one window', '2026-11-30T15:00:00Z', '2026-11-30T15:30:00Z', 30, calendar()],
  ['a weekend counts nothing', '2026-11-28T15:00:00Z', '2026-11-29T22:00:00Z', 0, calendar()],
  ['the same instant', '2026-11-30T15:00:00Z', '2026-11-30T15:00:00Z', 0, calendar()],
  ['the whole spring-forward window is 4 h', '2026-03-08T00:00:00Z', '2026-03-08T23:00:00Z', 240, calendar([], everyDayEarly)],
  ['the whole fall-back window is 6 h', '2026-11-01T00:00:00Z', '2026-11-01T23:00:00Z', 360, calendar([], everyDayEarly)],
];
for (const [what, from, to, minutes, cal] of betweenCases) {
  test(`businessMinutesBetween: ${what}`, () => {
    assert.is(businessMinutesBetween(new Date(from), new Date(to), cal), minutes);
  });
}

test('adding then measuring gives the minutes back', () => {
  const cal = calendar(['2026-12-25', '2027-01-01']);
  for (let hour = 0; hour < 24 * 14; hour += 5) {
    const start = new Date(Date.UTC(2026, 11, 20, hour, 17));
    for (const minutes of [1, 59, 240, 540, 2000]) {
      assert.is(businessMinutesBetween(start, addBusinessMinutes(start, minutes, cal), cal), minutes, `${start.toISOString()} + ${minutes}`);
    }
  }
});

test('a calendar with no working day is refused rather than searched forever', () => {
  assert.throws(() => addBusinessMinutes(new Date('2026-11-30T15:00:00Z'), 60, calendar([], { ...DEFAULT_BUSINESS_HOURS, days: [] })), /no working time/);
});

test.run();
