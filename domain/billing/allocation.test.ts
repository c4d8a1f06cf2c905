/** Table-driven tests of payment allocation (allocation.ts): which bill each payment pays, how much and on which day. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allocatePayments, billPaidOn, type AllocatableBill, type AllocatablePayment, type Allocation } from './allocation.js';

const ZONE = 'America/Chicago';
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
/** Bill `id` issued on `issued`, due on `due`. */
const bill = (id: number, issued: string, due: string, amountCents = 10_000): AllocatableBill =>
  ({ id, issuedAt: day(issued), dueDate: day(due), amountCents });
let nextPayment = 0;
/** A payment at an instant with offset (as typed in the utility's zone). */
const pay = (billId: number | null, at: string, amountCents = 10_000, status: AllocatablePayment['status'] = 'processed'): AllocatablePayment =>
  ({ id: ++nextPayment, billId, paidAt: new Date(at), amountCents, status });
const row = (paymentId: number, billId: number, amountCents: number, appliedOn: string): Allocation => ({ paymentId, billId, amountCents, appliedOn });

interface Case { name: string; bills: AllocatableBill[]; payments: () => AllocatablePayment[]; expected: Allocation[] }

const B1 = bill(1, '2026-01-05', '2026-01-26');
const B2 = bill(2, '2026-02-05', '2026-02-26');
const B3 = bill(3, '2026-03-05', '2026-03-26');

const cases: Case[] = [
  { name: 'a payment naming its bill pays that bill on its local day',
    bills: [B1], payments: () => [pay(1, '2026-01-20T10:00:00-06:00')], expected: [row(1, 1, 10_000, '2026-01-20')] },
  { name: 'no particular bill: the oldest open bill (oldest due date) first',
    bills: [B2, B1], payments: () => [pay(null, '2026-02-10T10:00:00-06:00')], expected: [row(1, 1, 10_000, '2026-02-10')] },
  { name: 'an under-payment covers part of the bill and leaves the rest open',
    bills: [B1], payments: () => [pay(null, '2026-01-20T10:00:00-06:00', 4_000)], expected: [row(1, 1, 4_000, '2026-01-20')] },
  { name: 'an over-payment pays the named bill, then older open bills, then is credit for the next bill on its issue day',
    bills: [B1, B2, B3], payments: () => [pay(2, '2026-02-10T10:00:00-06:00', 25_000)],
    expected: [row(1, 1, 10_000, '2026-02-10'), row(1, 2, 10_000, '2026-02-10'), row(1, 3, 5_000, '2026-03-05')] },
  { name: 'a payment naming a bill already paid goes to the oldest open bill instead',
    bills: [B1, B2], payments: () => [pay(1, '2026-01-20T10:00:00-06:00'), pay(1, '2026-02-10T10:00:00-06:00')],
    expected: [row(1, 1, 10_000, '2026-01-20'), row(2, 2, 10_000, '2026-02-10')] },
  { name: 'a payment naming a bill already paid, with nothing else open, is credit for the next bill',
    bills: [B1, B2], payments: () => [pay(1, '2026-01-20T10:00:00-06:00'), pay(1, '2026-01-22T10:00:00-06:00', 3_000)],
    expected: [row(1, 1, 10_000, '2026-01-20'), row(2, 2, 3_000, '2026-02-05')] },
  { name: 'the named bill before older open bills',
    bills: [B1, B2], payments: () => [pay(2, '2026-02-10T10:00:00-06:00', 12_000)],
    expected: [row(1, 1, 2_000, '2026-02-10'), row(1, 2, 10_000, '2026-02-10')] },
  { name: 'failed and pending payments allocate nothing',
    bills: [B1], payments: () => [pay(1, '2026-01-20T10:00:00-06:00', 10_000, 'failed'), pay(1, '2026-01-21T10:00:00-06:00', 10_000, 'pending')],
    expected: [] },
  { name: 'a reversal (processed, then failed) takes its allocations back: the next payment pays the bill instead',
    bills: [B1, B2], payments: () => [pay(1, '2026-01-20T10:00:00-06:00', 10_000, 'failed'), pay(null, '2026-02-10T10:00:00-06:00', 20_000)],
    expected: [row(2, 1, 10_000, '2026-02-10'), row(2, 2, 10_000, '2026-02-10')] },
  { name: 'payments apply in date order, whatever order they were keyed in',
    bills: [B1], payments: () => [pay(null, '2026-01-25T10:00:00-06:00', 6_000), pay(null, '2026-01-21T10:00:00-06:00', 6_000)],
    expected: [row(1, 1, 4_000, '2026-01-25'), row(2, 1, 6_000, '2026-01-21')] },
  { name: 'a bill issued the day of a payment is open for it',
    bills: [B2], payments: () => [pay(null, '2026-02-05T08:00:00-06:00')], expected: [row(1, 2, 10_000, '2026-02-05')] },
  { name: 'a payment dated before its named bill was issued waits for that bill (dated its issue day)',
    bills: [B1, B2], payments: () => [pay(2, '2026-01-10T10:00:00-06:00', 15_000)],
    expected: [row(1, 1, 5_000, '2026-01-10'), row(1, 2, 10_000, '2026-02-05')] },
  { name: 'two payments dated before the bill they both name: the second holds back only what the first does not, the rest pays the open bill',
    bills: [B1, B2], payments: () => [pay(2, '2026-01-20T10:00:00-06:00'), pay(2, '2026-01-21T10:00:00-06:00')],
    expected: [row(1, 2, 10_000, '2026-02-05'), row(2, 1, 10_000, '2026-01-21')] },
  { name: 'payments dated before the bill they name, together short of it, all wait for it',
    bills: [B1, B2], payments: () => [pay(2, '2026-01-20T10:00:00-06:00', 4_000), pay(2, '2026-01-21T10:00:00-06:00', 8_000)],
    expected: [row(1, 2, 4_000, '2026-02-05'), row(2, 1, 2_000, '2026-01-21'), row(2, 2, 6_000, '2026-02-05')] },
  { name: 'the local day, not the UTC day: 23:30 in Chicago is still that day',
    bills: [B1], payments: () => [pay(1, '2026-01-26T23:30:00-06:00')], expected: [row(1, 1, 10_000, '2026-01-26')] },
  { name: 'a zero-amount bill takes nothing',
    bills: [bill(9, '2026-01-05', '2026-01-26', 0), B2], payments: () => [pay(null, '2026-02-10T10:00:00-06:00')],
    expected: [row(1, 2, 10_000, '2026-02-10')] },
];

for (const c of cases) {
  test(c.name, () => {
    nextPayment = 0;
    assert.equal(allocatePayments(c.bills, c.payments(), ZONE), c.expected);
  });
}

test('the same bills and payments in any order give the same rows', () => {
  nextPayment = 0;
  const payments = [pay(null, '2026-01-20T10:00:00-06:00', 7_000), pay(2, '2026-02-10T10:00:00-06:00', 30_000), pay(null, '2026-03-01T10:00:00-06:00', 500)];
  const bills = [B1, B2, B3];
  assert.equal(allocatePayments([...bills].reverse(), [...payments].reverse(), ZONE), allocatePayments(bills, payments, ZONE));
});

const paidOnCases: Array<[string, number, Array<{ amountCents: number; appliedOn: string }>, string | null]> = [
  ['unpaid', 10_000, [], null],
  ['short by a cent', 10_000, [{ amountCents: 9_999, appliedOn: '2026-01-02' }], null],
  ['in two parts: the day the second arrives', 10_000, [{ amountCents: 6_000, appliedOn: '2026-01-09' }, { amountCents: 4_000, appliedOn: '2026-01-02' }], '2026-01-09'],
  ['at once', 10_000, [{ amountCents: 10_000, appliedOn: '2026-01-02' }], '2026-01-02'],
  ['a bill of nothing: paid the day it was issued', 0, [], '2025-12-28'],
];
for (const [name, amount, allocations, expected] of paidOnCases) {
  test(`billPaidOn: ${name}`, () => assert.is(billPaidOn(amount, allocations, '2025-12-28'), expected));
}

test.run();
