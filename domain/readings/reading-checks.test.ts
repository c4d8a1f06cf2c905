/** Unit tests of the reading checks and consumption (reading-checks.ts). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkReading, consumptionSince, withConsumption, type NewReading, type ReadingFacts, type ReadingFlag } from './reading-checks.js';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const monthStart = (i: number) => new Date(Date.UTC(2025, i, 1));

/** Verified readings on the 1st of Jan 2025, Feb 2025, … with the given register values. */
function history(values: number[], overrides: Record<number, Partial<ReadingFacts>> = {}): ReadingFacts[] {
  return values.map((value, i) => ({ id: `r${i}`, readAt: monthStart(i), value, verificationStatus: 'verified', ...overrides[i] }));
}
/** Register values with the given monthly consumptions, starting at 1000. */
const cumulative = (consumptions: number[]) => consumptions.reduce((acc, c) => [...acc, acc.at(-1)! + c], [1000]);
/** The next monthly reading after `h`. */
const next = (h: ReadingFacts[], value: number, extra: Partial<NewReading> = {}): NewReading =>
  ({ readAt: monthStart(h.length), value, ...extra });

interface Case {
  name: string;
  history: ReadingFacts[];
  reading: (h: ReadingFacts[]) => NewReading;
  active?: boolean;
  registerMax?: number;
  consumption: number | null;
  flags: ReadingFlag[];
  previous?: string | null;
}

const six = history(cumulative([100, 100, 100, 100, 100, 100]));
const three = history(cumulative([100, 100, 100]));
const cases: Case[] = [
  { name: 'first reading of a meter: no consumption, no flags', history: [], reading: () => ({ readAt: d('2025-01-01'), value: 500 }),
    consumption: null, flags: [], previous: null },
  { name: 'normal month', history: six, reading: (h) => next(h, 1700), consumption: 100, flags: [], previous: 'r6' },
  { name: 'value lower than the previous one: regression', history: six, reading: (h) => next(h, 1550),
    consumption: null, flags: ['regression'] },
  { name: 'lower value after a meter replacement: consumption from zero, no flag', history: six,
    reading: (h) => next(h, 40, { meterReplaced: true }), consumption: 40, flags: [] },
  { name: 'rollover of a 5-digit register', history: history([99_800, 99_900, 99_950]), registerMax: 99_999,
    reading: (h) => next(h, 30, { rolledOver: true }), consumption: 80, flags: [] },
  { name: 'rollover with unknown register size: no consumption, no regression', history: history([99_800, 99_900, 99_950]),
    reading: (h) => next(h, 30, { rolledOver: true }), consumption: null, flags: [] },
  { name: 'a month of 3.5× the 6-month average: high', history: six, reading: (h) => next(h, 1600 + 350), consumption: 350, flags: ['high'] },
  { name: 'exactly 3× the average: no flag', history: six, reading: (h) => next(h, 1600 + 300), consumption: 300, flags: [] },
  { name: 'high with exactly 3 months of history', history: three, reading: (h) => next(h, 1300 + 301), consumption: 301, flags: ['high'] },
  { name: 'only 2 months of history: no high check', history: history(cumulative([100, 100])),
    reading: (h) => next(h, 1200 + 1000), consumption: 1000, flags: [] },
  { name: 'only the trailing 6 months make the average',
    history: history(cumulative([1000, 1000, 1000, 1000, 1000, 100, 100, 100, 100, 100, 100])),
    reading: (h) => next(h, 6600 + 350), consumption: 350, flags: ['high'] },
  { name: 'a zero average never makes a reading high', history: history(cumulative([0, 0, 0])),
    reading: (h) => next(h, 1050), active: false, consumption: 50, flags: [] },
  { name: 'rejected readings are excluded: previous is the last non-rejected one, months normalised',
    history: history([1000, 1100, 1200, 1300, 9_999], { 4: { verificationStatus: 'rejected' } }),
    reading: (h) => next(h, 1500), consumption: 200, flags: [], previous: 'r3' },
  { name: 'a rejected spike does not inflate the average',
    history: history([1000, 1100, 1200, 5000, 1300, 1400], { 3: { verificationStatus: 'rejected' } }),
    reading: (h) => next(h, 1400 + 350), consumption: 350, flags: ['high'] },
  { name: 'two zero months on an active account: zero', history: history(cumulative([100, 100, 0])),
    reading: (h) => next(h, 1200), consumption: 0, flags: ['zero'] },
  { name: 'two zero months on an inactive account: no flag', history: history(cumulative([100, 100, 0])),
    reading: (h) => next(h, 1200), active: false, consumption: 0, flags: [] },
  { name: 'a single zero month: no flag', history: history(cumulative([100, 100, 100])),
    reading: (h) => next(h, 1300), consumption: 0, flags: [] },
  { name: 'same date as the previous reading: out of order', history: six,
    reading: () => ({ readAt: monthStart(6), value: 1700 }), consumption: null, flags: ['out_of_order'] },
  { name: 'earlier date and lower value: regression and out of order', history: six,
    reading: () => ({ readAt: d('2025-03-15'), value: 1250 }), consumption: null, flags: ['regression', 'out_of_order'] },
  { name: 'a pending reading still counts as previous', history: history([1000, 1100, 1200], { 2: { verificationStatus: 'pending' } }),
    reading: (h) => next(h, 1300), consumption: 100, flags: [], previous: 'r2' },
];

for (const c of cases) {
  test(c.name, () => {
    const result = checkReading(c.reading(c.history), c.history, { accountActive: c.active ?? true, registerMax: c.registerMax });
    assert.is(result.consumption, c.consumption, 'consumption');
    assert.equal(result.flags, c.flags, 'flags');
    if (c.previous !== undefined) assert.is(result.previousReadingId, c.previous, 'previous reading');
  });
}

test('withConsumption: date order, null for the first, rejected and regressions', () => {
  const readings = history([1000, 1100, 900, 5000, 1200], { 3: { verificationStatus: 'rejected' } }).reverse();
  const rows = withConsumption(readings).map((r) => [r.id, r.consumption]);
  assert.equal(rows, [['r0', null], ['r1', 100], ['r2', null], ['r3', null], ['r4', 300]]);
});

test('withConsumption normalises a two-month gap for averages', () => {
  const rows = withConsumption([
    { id: 'a', readAt: d('2025-01-01'), value: 0, verificationStatus: 'verified' },
    { id: 'b', readAt: d('2025-03-01'), value: 200, verificationStatus: 'verified' },
  ]);
  assert.equal(rows.map((r) => [r.consumption, r.monthlyConsumption]), [[null, null], [200, 100]]);
});

const sinceCases: Array<[string, number | null, NewReading, number | undefined, number | null]> = [
  ['no previous', null, { readAt: d('2025-01-01'), value: 10 }, undefined, null],
  ['increase', 100, { readAt: d('2025-01-01'), value: 150 }, undefined, 50],
  ['unchanged', 100, { readAt: d('2025-01-01'), value: 100 }, undefined, 0],
  ['drop', 100, { readAt: d('2025-01-01'), value: 90 }, undefined, null],
  ['replaced', 100, { readAt: d('2025-01-01'), value: 90, meterReplaced: true }, undefined, 90],
  ['rolled over', 9_990, { readAt: d('2025-01-01'), value: 5, rolledOver: true }, 9_999, 15],
];
for (const [name, prev, reading, registerMax, expected] of sinceCases) {
  test(`consumptionSince: ${name}`, () => {
    assert.is(consumptionSince(prev === null ? null : { value: prev }, reading, { registerMax }), expected);
  });
}

test.run();
