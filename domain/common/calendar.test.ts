/** Table-driven tests of calendar arithmetic and of the utility's local days at their edges (late evening, DST change days). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  addMonths, addMonthsToDay, completeMonthsBetween, daysBetween, inTrailingMonths, inUtilityTrailingMonths, isoDay, startOfUtilityDay,
  utcDay, utilityDate, utilityDay, utilityDaysBetween, utilityIsoDay, utilityYearsSince, yearsBetween,
} from './calendar.js';

const d = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

const addMonthCases: Array<[string, number, string]> = [
  ['2025-03-15', -12, '2024-03-15'],
  ['2025-03-31', -1, '2025-02-28'],
  ['2024-03-31', -1, '2024-02-29'],
  ['2025-01-31', 1, '2025-02-28'],
  ['2025-11-30', 3, '2026-02-28'],
  ['2025-07-01', -6, '2025-01-01'],
];
for (const [from, months, expected] of addMonthCases) {
  test(`addMonths(${from}, ${months}) = ${expected}`, () => {
    assert.is(isoDay(addMonths(d(from), months)), expected);
  });
}

test('addMonths keeps the time of day', () => {
  assert.is(addMonths(d('2025-03-15T17:45:00Z'), -1).toISOString(), '2025-02-15T17:45:00.000Z');
});

const windowCases: Array<[string, string, boolean]> = [
  ['2025-03-15', '2025-03-15', true],
  ['2025-03-15T23:59:59Z', '2025-03-15T00:00:00Z', true],
  ['2025-03-16', '2025-03-15', false],
  ['2024-03-16', '2025-03-15', true],
  ['2024-03-15', '2025-03-15', false],
];
for (const [date, asOf, expected] of windowCases) {
  test(`inTrailingMonths(${date}, asOf ${asOf}, 12) is ${expected}`, () => {
    assert.is(inTrailingMonths(d(date), d(asOf), 12), expected);
  });
}

const monthCases: Array<[string, string, number]> = [
  ['2020-03-15', '2025-03-15', 60],
  ['2020-03-15', '2025-03-14', 59],
  ['2025-01-31', '2025-02-28', 1],
  ['2025-01-31', '2025-02-27', 0],
  ['2025-06-01', '2025-01-01', 0],
];
for (const [from, to, expected] of monthCases) {
  test(`completeMonthsBetween(${from}, ${to}) = ${expected}`, () => {
    assert.is(completeMonthsBetween(d(from), d(to)), expected);
  });
}

test('yearsBetween counts a 5th anniversary as exactly 5 years', () => {
  assert.is(yearsBetween(d('2020-03-15'), d('2025-03-15')), 5);
  assert.is(yearsBetween(d('2020-03-15'), d('2025-09-15')), 5.5);
});

test('daysBetween ignores the time of day', () => {
  assert.is(daysBetween(d('2025-01-01T23:00:00Z'), d('2025-01-02T01:00:00Z')), 1);
  assert.is(daysBetween(d('2025-01-31'), d('2025-01-01')), -30);
});

// The utility's local day of an instant, across both of Chicago's DST change days.
const localDayCases: Array<[string, string, string]> = [
  ['2026-03-01T05:30:00Z', 'America/Chicago', '2026-02-28'], // 23:30 CST the evening before
  ['2026-03-01T06:30:00Z', 'America/Chicago', '2026-03-01'], // 00:30 CST
  ['2026-03-09T04:59:00Z', 'America/Chicago', '2026-03-08'], // 23:59 CDT on the spring-forward day
  ['2026-11-02T05:30:00Z', 'America/Chicago', '2026-11-01'], // 23:30 CST on the fall-back day
  ['2026-11-01T06:30:00Z', 'America/Chicago', '2026-11-01'], // 01:30 CDT, first pass
  ['2026-11-01T07:30:00Z', 'America/Chicago', '2026-11-01'], // 01:30 CST, second pass
  ['2026-06-15T12:00:00Z', 'UTC', '2026-06-15'],
];
for (const [instant, zone, expected] of localDayCases) {
  test(`utilityIsoDay(${instant}, ${zone}) = ${expected}`, () => {
    assert.is(utilityIsoDay(new Date(instant), zone), expected);
    assert.is(utilityDay(new Date(instant), zone), Math.floor(Date.parse(`${expected}T00:00:00Z`) / 86_400_000));
  });
}

const CHICAGO = 'America/Chicago';
const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

// Local-day differences at the edges: 23:30 local stays on its day, 00:30 local is the next one,
// and a DST change day is one calendar day however many hours it has.
const localDiffCases: Array<[string, string, string, number]> = [
  ['23:30 local vs 00:30 local next day', '2026-07-01T04:30:00Z', '2026-07-01T05:30:00Z', 1], // 23:30 CDT 30 Jun → 00:30 CDT 1 Jul
  ['18:00 and 23:59 local the same day, though the UTC days differ', '2026-07-01T23:00:00Z', '2026-07-02T04:59:00Z', 0],
  ['spring-forward day: 00:30 to 23:30 is the same day (22 h)', '2026-03-08T06:30:00Z', '2026-03-09T04:30:00Z', 0],
  ['spring-forward: 23:30 on the 7th to 00:30 on the 9th', '2026-03-08T05:30:00Z', '2026-03-09T05:30:00Z', 2],
  ['fall-back day: 00:30 to 23:30 is the same day (24 h)', '2026-11-01T05:30:00Z', '2026-11-02T05:30:00Z', 0],
  ['fall-back: 23:30 on 31 Oct to 00:30 on 2 Nov', '2026-11-01T04:30:00Z', '2026-11-02T06:30:00Z', 2],
];
for (const [name, from, to, expected] of localDiffCases) {
  test(`utilityDaysBetween: ${name}`, () => {
    assert.is(utilityDaysBetween(new Date(from), new Date(to), CHICAGO), expected);
  });
}

// The 12-month window of an instant, read on local days: a complaint opened at 23:30 local on the
// window's first excluded day is out, one at 00:30 local the next day is in.
const windowLocalCases: Array<[string, string, string, boolean]> = [
  ['23:30 local on the excluded day (UTC already the next day)', '2025-07-02T04:30:00Z', '2026-07-01T17:00:00Z', false],
  ['00:30 local the day after: inside', '2025-07-02T05:30:00Z', '2026-07-01T17:00:00Z', true],
  ['asOf at 23:30 local; an instant at 19:30 local (already the next UTC day) is today', '2026-07-02T00:30:00Z', '2026-07-02T04:30:00Z', true],
  ['an instant at 00:30 local after asOf\'s day: outside', '2026-07-02T05:30:00Z', '2026-07-02T04:30:00Z', false],
  ['asOf on the spring-forward day, instant 12 months earlier at 23:30 local', '2025-03-09T04:30:00Z', '2026-03-08T18:00:00Z', false],
  ['asOf on the fall-back day, instant that morning', '2026-11-01T06:30:00Z', '2026-11-02T05:30:00Z', true],
];
for (const [name, instant, asOf, expected] of windowLocalCases) {
  test(`inUtilityTrailingMonths: ${name}`, () => {
    assert.is(inUtilityTrailingMonths(new Date(instant), new Date(asOf), 12, CHICAGO), expected);
  });
}

test('utilityDate is the local day as a date-column value; years since count to it', () => {
  assert.is(utilityDate(new Date('2026-03-09T04:30:00Z'), CHICAGO).toISOString(), '2026-03-08T00:00:00.000Z');
  // The 5th anniversary (2026-03-08) starts at 00:00 local, not at 00:00 UTC.
  assert.is(utilityYearsSince(d('2021-03-08'), new Date('2026-03-08T05:30:00Z'), CHICAGO), 4 + 11 / 12); // 23:30 on the 7th
  assert.is(utilityYearsSince(d('2021-03-08'), new Date('2026-03-08T06:30:00Z'), CHICAGO), 5); // 00:30 on the 8th
});

// addMonthsToDay remembers its answers: asked twice (the second from memory), it must give
// addMonths' day every time, before 1970 too, and beyond the months it remembers.
const monthDayCases: Array<[string, number, string]> = [
  ['2026-03-31', -1, '2026-02-28'],
  ['2026-11-01', -12, '2025-11-01'],
  ['2024-02-29', -12, '2023-02-28'],
  ['2024-02-29', 12, '2025-02-28'],
  ['2025-03-31', -13, '2024-02-29'],
  ['2026-01-31', 1, '2026-02-28'],
  ['1969-12-31', -1, '1969-11-30'],
  ['1960-02-29', 0, '1960-02-29'],
  ['2026-05-15', -2100, '1851-05-15'],
  ['2026-05-15', 3000, '2276-05-15'],
];
for (const [from, months, expected] of monthDayCases) {
  test(`addMonthsToDay(${from}, ${months}) = ${expected}, asked twice`, () => {
    for (const round of [1, 2]) {
      assert.is(addMonthsToDay(dayNumber(from), months), dayNumber(expected), `round ${round}`);
      assert.is(addMonthsToDay(dayNumber(from), months), utcDay(addMonths(d(from), months)), `round ${round}: as addMonths`);
    }
  });
}

test('addMonthsToDay: neighbouring days and month counts never answer for each other', () => {
  for (let day = dayNumber('2025-12-20'); day < dayNumber('2026-01-20'); day++) {
    for (let months = -25; months <= 25; months++) assert.is(addMonthsToDay(day, months), utcDay(addMonths(new Date(day * 86_400_000), months)));
  }
});

// isoDay remembers UTC midnights by their day: the same text as toISOString, before 1970 and
// at other times of day (not remembered), asked twice.
const isoDayCases: Array<[string, string]> = [
  ['2026-03-08T00:00:00Z', '2026-03-08'],
  ['1969-12-31T00:00:00Z', '1969-12-31'],
  ['1970-01-01T00:00:00Z', '1970-01-01'],
  ['2026-03-08T23:59:59.999Z', '2026-03-08'],
  ['1969-12-31T12:00:00Z', '1969-12-31'],
];
for (const [instant, expected] of isoDayCases) {
  test(`isoDay(${instant}) = ${expected}, asked twice`, () => {
    assert.is(isoDay(new Date(instant)), expected);
    assert.is(isoDay(new Date(instant)), expected);
  });
}

const startCases: Array<[string, string, string]> = [
  ['2026-07-01', CHICAGO, '2026-07-01T05:00:00.000Z'],
  ['2026-03-08', CHICAGO, '2026-03-08T06:00:00.000Z'], // still CST at midnight
  ['2026-03-09', CHICAGO, '2026-03-09T05:00:00.000Z'], // CDT
  ['2026-11-01', CHICAGO, '2026-11-01T05:00:00.000Z'], // still CDT at midnight
  ['2026-11-02', CHICAGO, '2026-11-02T06:00:00.000Z'], // CST
  ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z'], // midnight is skipped there: 01:00 -03
];
for (const [day, zone, expected] of startCases) {
  test(`startOfUtilityDay(${day}, ${zone}) = ${expected}`, () => {
    const start = startOfUtilityDay(day, zone);
    assert.is(start.toISOString(), expected);
    assert.is(utilityIsoDay(start, zone), day);
  });
}

// utilityIsoDay remembers the date of each quarter hour: it must agree with Intl minute by minute
// around midnights and DST changes, in zones with quarter-hour offsets and an old local-mean-time one.
const rememberedCases: Array<[string, string, number]> = [
  ['America/Chicago', '2025-03-09T07:30:00Z', 3], // spring forward
  ['America/Chicago', '2025-11-02T06:30:00Z', 3], // fall back
  ['America/Chicago', '2025-06-01T04:40:00Z', 1], // local midnight
  ['Asia/Kathmandu', '2025-06-01T18:00:00Z', 1], // +05:45
  ['Pacific/Chatham', '2025-04-05T13:30:00Z', 2], // +12:45 / +13:45 change
  ['Australia/Lord_Howe', '2025-04-05T14:30:00Z', 2], // half-hour DST
  ['America/Chicago', '1883-11-18T05:30:00Z', 2], // local mean time (-05:50:36) to CST
];
for (const [zone, from, hours] of rememberedCases) {
  test(`utilityIsoDay agrees with Intl every minute for ${hours} h from ${from} in ${zone}, asked twice`, () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    for (const round of [1, 2]) {
      for (let minute = 0; minute <= hours * 60; minute++) {
        const instant = new Date(Date.parse(from) + minute * 60_000 + (round === 2 ? 59_999 : 0));
        assert.is(utilityIsoDay(instant, zone), intl.format(instant), `${instant.toISOString()} round ${round}`);
        assert.is(utilityDay(instant, zone), dayNumber(intl.format(instant)), `${instant.toISOString()} round ${round}: day number`);
        assert.is(utilityDate(instant, zone).getTime(), Date.parse(`${intl.format(instant)}T00:00:00Z`), `${instant.toISOString()} round ${round}: date`);
      }
    }
  });
}

test.run();
