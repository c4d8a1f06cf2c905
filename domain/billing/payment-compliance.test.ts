/**
 * Unit tests of payment compliance (payment-compliance.ts), fed by the allocation rule
 * (allocation.ts) so each case reads as bills and payments; dates in America/Chicago.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allocatePayments, type AllocatablePayment } from './allocation.js';
import { isBillDue, paymentCompliance, type PaymentCompliance } from './payment-compliance.js';

const ZONE = 'America/Chicago';
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const ASOF = new Date('2026-12-15T15:00:00Z');
interface Bill { id: number; due: string; amountCents?: number }
const bill = (id: number, due: string, amountCents = 10_000): Bill => ({ id, due, amountCents });
/** `at` is an instant with its offset, as typed in the utility's zone (or a bare day, noon local). */
const pay = (billId: number | null, at: string, amountCents = 10_000, status: AllocatablePayment['status'] = 'processed') =>
  ({ billId, at: at.length === 10 ? `${at}T12:00:00-06:00` : at, amountCents, status });

function compliance(bills: Bill[], payments: Array<ReturnType<typeof pay>>, asOf = ASOF): PaymentCompliance {
  const allocatable = bills.map((b) => ({ id: b.id, issuedAt: new Date(day(b.due).getTime() - 21 * 86_400_000), dueDate: day(b.due), amountCents: b.amountCents ?? 10_000 }));
  const rows = allocatePayments(allocatable, payments.map((p, i) => ({ id: i + 1, billId: p.billId, paidAt: new Date(p.at), amountCents: p.amountCents, status: p.status })), ZONE);
  return paymentCompliance(
    allocatable.map((b) => ({ id: String(b.id), dueDate: b.dueDate, amountCents: b.amountCents })),
    rows.map((r) => ({ billId: String(r.billId), amountCents: r.amountCents, appliedOn: r.appliedOn })),
    asOf, ZONE,
  );
}

interface Case { name: string; bills: Bill[]; payments: Array<ReturnType<typeof pay>>; expected: Partial<PaymentCompliance>; asOf?: Date }

const cases: Case[] = [
  { name: 'no bills: nothing due, percent null (shown "—")', bills: [], payments: [],
    expected: { billsDue: 0, onTime: 0, late: 0, percent: null, lateBillIds: [] } },
  { name: 'a bill due today (local day) is not due yet', bills: [bill(1, '2026-12-15')], payments: [],
    expected: { billsDue: 0, percent: null } },
  { name: 'at 20:00 local on 14 Dec (02:00 UTC on the 15th) a bill due on the 15th is still not due', bills: [bill(1, '2026-12-14'), bill(2, '2026-12-15')], payments: [],
    asOf: new Date('2026-12-15T02:00:00Z'), expected: { billsDue: 0 } },
  { name: 'a bill due in the future is not due', bills: [bill(1, '2026-12-20')], payments: [],
    expected: { billsDue: 0, percent: null } },
  { name: '23:30 local on the due date (05:30 UTC the next day): on time',
    bills: [bill(1, '2026-06-15')], payments: [pay(1, '2026-06-15T23:30:00-05:00')],
    expected: { billsDue: 1, onTime: 1, late: 0, percent: 100, lateBillIds: [] } },
  { name: '00:30 local the next day (05:30 UTC): late, not unpaid',
    bills: [bill(1, '2026-06-15')], payments: [pay(1, '2026-06-16T00:30:00-05:00')],
    expected: { billsDue: 1, onTime: 0, late: 1, percent: 0, lateBillIds: ['1'], unpaidBillIds: [] } },
  { name: 'spring forward (2026-03-08): 23:30 CDT on the due date is on time',
    bills: [bill(1, '2026-03-08')], payments: [pay(1, '2026-03-08T23:30:00-05:00')], expected: { onTime: 1, late: 0 } },
  { name: 'spring forward (2026-03-08): 00:30 CDT the next day is late',
    bills: [bill(1, '2026-03-08')], payments: [pay(1, '2026-03-09T00:30:00-05:00')], expected: { onTime: 0, late: 1 } },
  { name: 'spring forward (2026-03-08): 01:30 CST, just before the change, is on time for a bill due that day',
    bills: [bill(1, '2026-03-08')], payments: [pay(1, '2026-03-08T01:30:00-06:00')], expected: { onTime: 1 } },
  { name: 'fall back (2026-11-01): 23:30 CST on the due date (05:30 UTC on 2 Nov) is on time',
    bills: [bill(1, '2026-11-01')], payments: [pay(1, '2026-11-01T23:30:00-06:00')], expected: { onTime: 1, late: 0 } },
  { name: 'fall back (2026-11-01): 00:30 CST the next day is late',
    bills: [bill(1, '2026-11-01')], payments: [pay(1, '2026-11-02T00:30:00-06:00')], expected: { onTime: 0, late: 1 } },
  { name: 'fall back (2026-11-01): the second 01:30 (CST) is still the due date',
    bills: [bill(1, '2026-11-01')], payments: [pay(1, '2026-11-01T01:30:00-06:00')], expected: { onTime: 1 } },
  { name: 'paid in full without naming a bill: on time (allocated to the open bill)',
    bills: [bill(1, '2026-06-15')], payments: [pay(null, '2026-06-10')], expected: { onTime: 1, percent: 100 } },
  { name: 'paid in two parts, both on time: on time',
    bills: [bill(1, '2026-06-15')], payments: [pay(1, '2026-06-01', 4_000), pay(1, '2026-06-14', 6_000)],
    expected: { onTime: 1, late: 0, percent: 100 } },
  { name: 'paid in two parts, the second after the due date: late',
    bills: [bill(1, '2026-06-15')], payments: [pay(1, '2026-06-01', 4_000), pay(1, '2026-06-20', 6_000)],
    expected: { onTime: 0, late: 1, lateBillIds: ['1'], unpaidBillIds: [] } },
  { name: 'a failed payment does not count: late and unpaid',
    bills: [bill(1, '2026-06-15')], payments: [pay(1, '2026-06-10', 10_000, 'failed')],
    expected: { onTime: 0, late: 1, lateBillIds: ['1'], unpaidBillIds: ['1'] } },
  { name: 'a pending payment does not count: late and unpaid',
    bills: [bill(1, '2026-06-15')], payments: [pay(1, '2026-06-10', 10_000, 'pending')],
    expected: { late: 1, unpaidBillIds: ['1'] } },
  { name: 'an over-payment of the older bill is credit that pays the next bill on time',
    bills: [bill(1, '2026-05-15'), bill(2, '2026-06-15')], payments: [pay(1, '2026-05-10', 20_000)],
    expected: { billsDue: 2, onTime: 2, percent: 100 } },
  { name: 'a payment naming a paid bill pays the open one: on time',
    bills: [bill(1, '2026-05-15'), bill(2, '2026-06-15')], payments: [pay(1, '2026-05-10'), pay(1, '2026-06-10')],
    expected: { billsDue: 2, onTime: 2, percent: 100 } },
  { name: 'an unnamed payment goes to the older unpaid bill first: the newer one stays unpaid',
    bills: [bill(1, '2026-05-15'), bill(2, '2026-06-15')], payments: [pay(null, '2026-06-10')],
    expected: { billsDue: 2, onTime: 0, late: 2, lateBillIds: ['1', '2'], unpaidBillIds: ['2'] } },
  { name: 'underpaid by one cent: late and unpaid',
    bills: [bill(1, '2026-06-15')], payments: [pay(1, '2026-06-10', 9_999)],
    expected: { late: 1, unpaidBillIds: ['1'] } },
  { name: 'a payment dated after asOf is ignored',
    bills: [bill(1, '2026-06-15')], payments: [pay(1, '2026-06-20')], asOf: new Date('2026-06-18T15:00:00Z'),
    expected: { late: 1, unpaidBillIds: ['1'] } },
  { name: 'bills due more than 12 months ago are outside the window',
    bills: [bill(1, '2025-12-15'), bill(2, '2025-12-16')], payments: [],
    expected: { billsDue: 1, lateBillIds: ['2'] } },
  { name: 'a zero-amount bill is on time without payment',
    bills: [bill(1, '2026-06-15', 0)], payments: [], expected: { onTime: 1, percent: 100 } },
];

for (const c of cases) {
  test(c.name, () => {
    const result = compliance(c.bills, c.payments, c.asOf);
    for (const [key, value] of Object.entries(c.expected)) {
      assert.equal(result[key as keyof PaymentCompliance], value, key);
    }
    assert.is(result.onTime + result.late, result.billsDue, 'onTime + late = billsDue');
  });
}

// isBillDue compares day numbers: due strictly before asOf's local day and after the day 12
// months before it (clamped at month ends), whatever the due date's time of day.
const dueCases: Array<[string, string, string, boolean]> = [
  ['due the day before asOf', '2026-12-14', '2026-12-15T15:00:00Z', true],
  ['due on asOf\'s local day', '2026-12-15', '2026-12-15T15:00:00Z', false],
  ['due on the local day, asOf already the next UTC day', '2026-12-14', '2026-12-15T02:00:00Z', false],
  ['due exactly 12 months before: out', '2025-12-15', '2026-12-15T15:00:00Z', false],
  ['due 12 months less a day before: in', '2025-12-16', '2026-12-15T15:00:00Z', true],
  ['asOf 29 Feb: the window starts after 28 Feb a year before', '2023-02-28', '2024-02-29T18:00:00Z', false],
  ['asOf 29 Feb: 1 March a year before is in', '2023-03-01', '2024-02-29T18:00:00Z', true],
  ['asOf 31 March: the window starts after 31 March, not 3 March', '2025-04-01', '2026-03-31T18:00:00Z', true],
  ['a due date with a time of day counts by its UTC day', '2026-12-14T23:00:00Z', '2026-12-15T15:00:00Z', true],
  ['…and on asOf\'s day it is not due', '2026-12-15T01:00:00Z', '2026-12-15T15:00:00Z', false],
];
for (const [name, due, asOf, expected] of dueCases) {
  test(`isBillDue: ${name}`, () => {
    const dueDate = new Date(due.length === 10 ? `${due}T00:00:00Z` : due);
    for (const round of [1, 2]) assert.is(isBillDue({ dueDate }, new Date(asOf), ZONE), expected, `round ${round}`);
  });
}

test('20 of 20 bills on time gives 100, 19 of 20 gives 95', () => {
  const bills = Array.from({ length: 20 }, (_, i) => bill(i + 1, `2026-11-${String(i + 1).padStart(2, '0')}`));
  const onTime = bills.slice(1).map((b) => pay(b.id, `2026-11-${String(b.id - 1).padStart(2, '0')}`));
  assert.is(compliance(bills, onTime).percent, 95);
  assert.is(compliance(bills, [...onTime, pay(1, '2026-10-30')]).percent, 100);
});

test.run();
