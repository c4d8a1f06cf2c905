/**
 * Payment compliance (docs/rules.md#bills-payments-and-compliance): of the bills that fell due in the trailing 12 months,
 * how many were covered in full, on time, by processed payments referencing them.
 */
import { addMonths, utcDay } from '../common/calendar.js';
import { percentOf } from '../common/money.js';

export type PaymentStatus = 'processed' | 'pending' | 'failed';

export interface BillFacts {
  id: string;
  dueDate: Date;
  amountCents: number;
}

export interface PaymentFacts {
  /** The bill this payment settles; payments without one count for the balance only. */
  billId: string | null;
  paidAt: Date;
  amountCents: number;
  status: PaymentStatus;
}

export interface PaymentCompliance {
  /** Bills whose due date passed within the trailing 12 months. */
  billsDue: number;
  onTime: number;
  /** Paid after the due date, or still not fully paid. */
  late: number;
  /** onTime / billsDue × 100, one decimal; null when no bill is due yet (shown "—"). */
  percent: number | null;
  /** Every late bill, oldest due date first (paid late and unpaid together). */
  lateBillIds: string[];
  /** The subset of lateBillIds still not fully paid as of asOf. */
  unpaidBillIds: string[];
}

/**
 * A bill is "due" once its due day is strictly before asOf's day: on the due date itself
 * the customer can still pay on time. The window starts after the day 12 months before
 * asOf (see inTrailingMonths), so exactly 12 months of due dates are counted.
 */
export function isBillDue(bill: BillFacts, asOf: Date): boolean {
  const due = utcDay(bill.dueDate);
  return due < utcDay(asOf) && due > utcDay(addMonths(asOf, -12));
}

/** Processed payments for `billId` paid on or before `lastDay` (a UTC day number). */
function paidBy(payments: PaymentFacts[], billId: string, lastDay: number): number {
  let total = 0;
  for (const p of payments) {
    if (p.billId === billId && p.status === 'processed' && utcDay(p.paidAt) <= lastDay) total += p.amountCents;
  }
  return total;
}

/**
 * Only processed payments count: pending ones may still bounce, failed ones never
 * arrived. Payments dated after asOf are ignored so a rerun for a past day is stable.
 */
export function paymentCompliance(bills: BillFacts[], payments: PaymentFacts[], asOf: Date): PaymentCompliance {
  const due = bills.filter((b) => isBillDue(b, asOf)).sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime());
  const lateBillIds: string[] = [];
  const unpaidBillIds: string[] = [];
  for (const bill of due) {
    if (paidBy(payments, bill.id, utcDay(bill.dueDate)) >= bill.amountCents) continue;
    lateBillIds.push(bill.id);
    if (paidBy(payments, bill.id, utcDay(asOf)) < bill.amountCents) unpaidBillIds.push(bill.id);
  }
  const billsDue = due.length;
  const onTime = billsDue - lateBillIds.length;
  return { billsDue, onTime, late: lateBillIds.length, percent: percentOf(onTime, billsDue), lateBillIds, unpaidBillIds };
}
