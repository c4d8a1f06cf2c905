/** Unit tests of payment compliance (payment-compliance.ts). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { paymentCompliance, type BillFacts, type PaymentCompliance, type PaymentFacts } from './payment-compliance.js';

const d = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
const ASOF = d('2025-07-01T09:00:00Z');
const bill = (id: string, due: string, amountCents = 10_000): BillFacts => ({ id, dueDate: d(due), amountCents });
const pay = (billId: string | null, at: string, amountCents = 10_000, status: PaymentFacts['status'] = 'processed'): PaymentFacts =>
  ({ billId, paidAt: d(at), amountCents, status });

interface Case { name: string; bills: BillFacts[]; payments: PaymentFacts[]; expected: Partial<PaymentCompliance> }

const cases: Case[] = [
  { name: 'no bills: nothing due, percent null (shown "—")', bills: [], payments: [],
    expected: { billsDue: 0, onTime: 0, late: 0, percent: null, lateBillIds: [] } },
  { name: 'a bill due today is not due yet', bills: [bill('b1', '2025-07-01')], payments: [],
    expected: { billsDue: 0, percent: null } },
  { name: 'a bill due in the future is not due', bills: [bill('b1', '2025-07-20')], payments: [],
    expected: { billsDue: 0, percent: null } },
  { name: 'paid in full late in the evening of the due date: on time',
    bills: [bill('b1', '2025-06-15')], payments: [pay('b1', '2025-06-15T23:59:00Z')],
    expected: { billsDue: 1, onTime: 1, late: 0, percent: 100, lateBillIds: [] } },
  { name: 'paid one day late: late, not unpaid',
    bills: [bill('b1', '2025-06-15')], payments: [pay('b1', '2025-06-16T00:01:00Z')],
    expected: { billsDue: 1, onTime: 0, late: 1, percent: 0, lateBillIds: ['b1'], unpaidBillIds: [] } },
  { name: 'paid in two parts, both on time: on time',
    bills: [bill('b1', '2025-06-15')], payments: [pay('b1', '2025-06-01', 4_000), pay('b1', '2025-06-14', 6_000)],
    expected: { onTime: 1, late: 0, percent: 100 } },
  { name: 'paid in two parts, the second after the due date: late',
    bills: [bill('b1', '2025-06-15')], payments: [pay('b1', '2025-06-01', 4_000), pay('b1', '2025-06-20', 6_000)],
    expected: { onTime: 0, late: 1, lateBillIds: ['b1'], unpaidBillIds: [] } },
  { name: 'a failed payment does not count: late and unpaid',
    bills: [bill('b1', '2025-06-15')], payments: [pay('b1', '2025-06-10', 10_000, 'failed')],
    expected: { onTime: 0, late: 1, lateBillIds: ['b1'], unpaidBillIds: ['b1'] } },
  { name: 'a pending payment does not count: late and unpaid',
    bills: [bill('b1', '2025-06-15')], payments: [pay('b1', '2025-06-10', 10_000, 'pending')],
    expected: { late: 1, unpaidBillIds: ['b1'] } },
  { name: 'a payment with no bill reference does not count',
    bills: [bill('b1', '2025-06-15')], payments: [pay(null, '2025-06-10')],
    expected: { late: 1, unpaidBillIds: ['b1'] } },
  { name: 'a payment for another bill does not count',
    bills: [bill('b1', '2025-06-15'), bill('b2', '2025-05-15')], payments: [pay('b2', '2025-05-10', 20_000)],
    expected: { billsDue: 2, onTime: 1, late: 1, percent: 50, lateBillIds: ['b1'] } },
  { name: 'underpaid by one cent: late and unpaid',
    bills: [bill('b1', '2025-06-15')], payments: [pay('b1', '2025-06-10', 9_999)],
    expected: { late: 1, unpaidBillIds: ['b1'] } },
  { name: 'a payment dated after asOf is ignored',
    bills: [bill('b1', '2025-06-15')], payments: [pay('b1', '2025-07-02')],
    expected: { late: 1, unpaidBillIds: ['b1'] } },
  { name: 'bills due more than 12 months ago are outside the window',
    bills: [bill('old', '2024-07-01'), bill('edge', '2024-07-02')], payments: [],
    expected: { billsDue: 1, lateBillIds: ['edge'] } },
  { name: 'one of three on time: 33.3%, late ids oldest first',
    bills: [bill('b3', '2025-06-15'), bill('b1', '2025-04-15'), bill('b2', '2025-05-15')],
    payments: [pay('b2', '2025-05-15')],
    expected: { billsDue: 3, onTime: 1, late: 2, percent: 33.3, lateBillIds: ['b1', 'b3'], unpaidBillIds: ['b1', 'b3'] } },
  { name: 'a zero-amount bill is on time without payment',
    bills: [bill('b1', '2025-06-15', 0)], payments: [], expected: { onTime: 1, percent: 100 } },
];

for (const c of cases) {
  test(c.name, () => {
    const result = paymentCompliance(c.bills, c.payments, ASOF);
    for (const [key, value] of Object.entries(c.expected)) {
      assert.equal(result[key as keyof PaymentCompliance], value, key);
    }
    assert.is(result.onTime + result.late, result.billsDue, 'onTime + late = billsDue');
  });
}

test('20 of 20 bills on time gives 100, 19 of 20 gives 95', () => {
  const bills = Array.from({ length: 20 }, (_, i) => bill(`b${i}`, `2025-06-${String(i + 1).padStart(2, '0')}`));
  const payments = bills.slice(1).map((b) => pay(b.id, '2025-05-31'));
  assert.is(paymentCompliance(bills, payments, ASOF).percent, 95);
  assert.is(paymentCompliance(bills, [...payments, pay('b0', '2025-06-01')], ASOF).percent, 100);
});

test.run();
