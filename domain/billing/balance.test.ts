/** Unit tests of the balance rules (balance.ts). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collectionStatusChange, computeBalance, type Balance, type BalanceInput } from './balance.js';

const d = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
const ASOF = d('2025-07-01T02:00:00Z');
const bill = (due: string, amountCents = 10_000, issued = '2025-04-01') => ({ issuedAt: d(issued), dueDate: d(due), amountCents });
const pay = (at: string, amountCents: number, status: 'processed' | 'pending' | 'failed' = 'processed') => ({ paidAt: d(at), amountCents, status });
const adj = (at: string, amountCents: number) => ({ createdAt: d(at), amountCents });

interface Case { name: string; input: Partial<BalanceInput>; expected: Partial<Balance> & { overdueSinceDay?: string | null } }

const cases: Case[] = [
  { name: 'no data: nothing owed', input: {},
    expected: { balanceCents: 0, outstandingCents: 0, creditCents: 0, overdueCents: 0, overdueSinceDay: null, daysOverdue: null } },
  { name: 'unpaid bill past due', input: { bills: [bill('2025-06-20')] },
    expected: { balanceCents: 10_000, outstandingCents: 10_000, overdueCents: 10_000, overdueSinceDay: '2025-06-20', daysOverdue: 11 } },
  { name: 'paid in full', input: { bills: [bill('2025-06-20')], payments: [pay('2025-06-10', 10_000)] },
    expected: { balanceCents: 0, outstandingCents: 0, overdueCents: 0, daysOverdue: null } },
  { name: 'partly paid: the rest is overdue', input: { bills: [bill('2025-06-20')], payments: [pay('2025-06-10', 4_000)] },
    expected: { balanceCents: 6_000, overdueCents: 6_000, daysOverdue: 11 } },
  { name: 'bill not yet due: outstanding, not overdue', input: { bills: [bill('2025-07-15')] },
    expected: { outstandingCents: 10_000, overdueCents: 0, daysOverdue: null } },
  { name: 'bill due today: not overdue yet', input: { bills: [bill('2025-07-01')] }, expected: { overdueCents: 0 } },
  { name: 'bill issued after asOf is not owed yet', input: { bills: [bill('2025-07-20', 10_000, '2025-07-02')] },
    expected: { balanceCents: 0 } },
  { name: 'failed and pending payments do not reduce the balance',
    input: { bills: [bill('2025-06-20')], payments: [pay('2025-06-10', 10_000, 'failed'), pay('2025-06-11', 10_000, 'pending')] },
    expected: { balanceCents: 10_000, overdueCents: 10_000 } },
  { name: 'payment dated after asOf does not count yet', input: { bills: [bill('2025-06-20')], payments: [pay('2025-07-02', 10_000)] },
    expected: { balanceCents: 10_000 } },
  { name: 'overpayment is a credit, nothing outstanding',
    input: { bills: [bill('2025-06-20')], payments: [pay('2025-06-10', 12_000)] },
    expected: { balanceCents: -2_000, outstandingCents: 0, creditCents: 2_000, overdueCents: 0 } },
  { name: 'a charge adjustment is owed but never overdue by itself', input: { adjustments: [adj('2025-05-01', 500)] },
    expected: { balanceCents: 500, outstandingCents: 500, overdueCents: 0 } },
  { name: 'a credit adjustment pays the oldest bill first',
    input: { bills: [bill('2025-06-20')], adjustments: [adj('2025-06-25', -3_000)] },
    expected: { balanceCents: 7_000, overdueCents: 7_000 } },
  { name: 'payments cover the oldest bill first; overdue dates from the oldest uncovered bill',
    input: { bills: [bill('2025-06-20'), bill('2025-05-20'), bill('2025-07-20')], payments: [pay('2025-06-01', 12_000)] },
    expected: { balanceCents: 18_000, overdueCents: 8_000, overdueSinceDay: '2025-06-20', daysOverdue: 11 } },
];

for (const c of cases) {
  test(c.name, () => {
    const result = computeBalance({ asOf: ASOF, timeZone: 'UTC', bills: [], payments: [], adjustments: [], ...c.input });
    const { overdueSinceDay, ...expected } = c.expected;
    for (const [key, value] of Object.entries(expected)) assert.equal(result[key as keyof Balance], value, key);
    if (overdueSinceDay !== undefined) assert.is(result.overdueSince?.toISOString().slice(0, 10) ?? null, overdueSinceDay);
    assert.ok(result.overdueCents <= result.outstandingCents, 'overdue never exceeds outstanding');
  });
}

test('a float amount is refused', () => {
  assert.throws(() => computeBalance({ asOf: ASOF, timeZone: 'UTC', bills: [bill('2025-06-20', 10.5)], payments: [], adjustments: [] }), /integer/);
});

const owed = (daysOverdue: number | null, outstandingCents: number): Balance =>
  ({ balanceCents: outstandingCents, outstandingCents, creditCents: 0, overdueCents: daysOverdue ? outstandingCents : 0, overdueSince: null, daysOverdue });
const collectionCases: Array<[string, Balance, 'collection' | 'active' | null]> = [
  ['active', owed(61, 5_000), 'collection'],
  ['active', owed(60, 5_000), null],
  ['active', owed(null, 5_000), null],
  ['collection', owed(null, 0), 'active'],
  ['collection', owed(90, 5_000), null],
  ['collection', owed(null, 2_000), null],
  ['disconnected', owed(90, 5_000), null],
  ['pending', owed(null, 0), null],
];
// Overdue days and what counts by "today" are the utility's local days (America/Chicago), on
// both DST change days: a bill due 7 Jan 2026 is 60 days overdue on 8 Mar (spring forward),
// one due 2 Sep 2026 on 1 Nov (fall back). 23:30 local is still that day; 00:30 the next one.
const localCases: Array<[string, string, Partial<BalanceInput>, Partial<Balance>, 'collection' | null]> = [
  ['23:30 CDT on the spring-forward day: 60 days, not yet collection', '2026-03-09T04:30:00Z',
    { bills: [bill('2026-01-07', 10_000, '2025-12-20')] }, { daysOverdue: 60 }, null],
  ['00:30 CDT the day after: 61 days, collection', '2026-03-09T05:30:00Z',
    { bills: [bill('2026-01-07', 10_000, '2025-12-20')] }, { daysOverdue: 61 }, 'collection'],
  ['23:30 CST on the fall-back day: 60 days', '2026-11-02T05:30:00Z',
    { bills: [bill('2026-09-02', 10_000, '2026-08-20')] }, { daysOverdue: 60 }, null],
  ['00:30 CST the day after: 61 days, collection', '2026-11-02T06:30:00Z',
    { bills: [bill('2026-09-02', 10_000, '2026-08-20')] }, { daysOverdue: 61 }, 'collection'],
  ['a bill due today is not overdue at 23:30 local (UTC is already tomorrow)', '2026-07-02T04:30:00Z',
    { bills: [bill('2026-07-01', 10_000, '2026-06-10')] }, { overdueCents: 0, daysOverdue: null }, null],
  ['…and is overdue at 00:30 local the next day', '2026-07-02T05:30:00Z',
    { bills: [bill('2026-07-01', 10_000, '2026-06-10')] }, { overdueCents: 10_000, daysOverdue: 1 }, null],
  ['a bill issued tomorrow (local) is not owed at 19:00 local, although UTC says tomorrow', '2026-07-02T00:00:00Z',
    { bills: [bill('2026-07-20', 10_000, '2026-07-02')] }, { balanceCents: 0 }, null],
  ['a payment at 23:00 local counts by 23:30 local the same day', '2026-03-09T04:30:00Z',
    { bills: [bill('2026-01-07', 10_000, '2025-12-20')], payments: [pay('2026-03-09T04:00:00Z', 10_000)] }, { balanceCents: 0, daysOverdue: null }, null],
  ['a payment at 00:30 local tomorrow does not count yet at 23:30 local', '2026-03-09T04:30:00Z',
    { bills: [bill('2026-01-07', 10_000, '2025-12-20')], payments: [pay('2026-03-09T05:30:00Z', 10_000)] }, { balanceCents: 10_000, daysOverdue: 60 }, null],
];
for (const [name, asOf, input, expected, move] of localCases) {
  test(`local days: ${name}`, () => {
    const result = computeBalance({ asOf: d(asOf), timeZone: 'America/Chicago', bills: [], payments: [], adjustments: [], ...input });
    for (const [key, value] of Object.entries(expected)) assert.equal(result[key as keyof Balance], value, key);
    assert.is(collectionStatusChange('active', result), move);
  });
}

for (const [status, balance, expected] of collectionCases) {
  test(`collection rule: ${status}, ${balance.daysOverdue ?? 0} days overdue, ${balance.outstandingCents}¢ owed → ${expected}`, () => {
    assert.is(collectionStatusChange(status, balance), expected);
  });
}

test.run();
