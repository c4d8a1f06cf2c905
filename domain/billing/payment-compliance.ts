/**
 * Payment compliance (docs/rules.md#bills-payments-and-compliance): of the bills that fell due in the trailing 12 months,
 * how many the allocations (allocation.ts) covered in full by their due date, in the utility's calendar days.
 */
import { addMonths, isoDay, utilityIsoDay } from '../common/calendar.js';
import { percentOf } from '../common/money.js';

export type { PaymentStatus } from '../common/enums.js';

export interface BillFacts {
  id: string;
  /** A `date` column: UTC midnight of the due day. */
  dueDate: Date;
  amountCents: number;
}

/** A stored allocation: part of a processed payment applied to a bill on a utility-local day. */
export interface AllocationFacts {
  billId: string;
  amountCents: number;
  /** `YYYY-MM-DD`, the utility's calendar day. */
  appliedOn: string;
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
 * A bill is "due" once its due day is strictly before asOf's local day: on the due date
 * itself the customer can still pay on time. The window starts after the day 12 months
 * before, so exactly 12 months of due dates are counted.
 */
export function isBillDue(bill: Pick<BillFacts, 'dueDate'>, asOf: Date, timeZone: string): boolean {
  const today = utilityIsoDay(asOf, timeZone);
  const due = isoDay(bill.dueDate);
  return due < today && due > isoDay(addMonths(new Date(`${today}T00:00:00Z`), -12));
}

/** Allocations to `billId` applied on or before `lastDay` (YYYY-MM-DD). */
function allocatedBy(allocations: AllocationFacts[], billId: string, lastDay: string): number {
  let total = 0;
  for (const a of allocations) if (a.billId === billId && a.appliedOn <= lastDay) total += a.amountCents;
  return total;
}

/**
 * A due bill is on time when its allocations dated up to its due day reach its amount;
 * late otherwise, and unpaid when even those up to asOf's day do not. Allocations dated
 * after asOf are ignored, so a rerun for a past day is stable.
 */
export function paymentCompliance(bills: BillFacts[], allocations: AllocationFacts[], asOf: Date, timeZone: string): PaymentCompliance {
  const today = utilityIsoDay(asOf, timeZone);
  const due = bills.filter((b) => isBillDue(b, asOf, timeZone)).sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime());
  const lateBillIds: string[] = [];
  const unpaidBillIds: string[] = [];
  for (const bill of due) {
    if (allocatedBy(allocations, bill.id, isoDay(bill.dueDate)) >= bill.amountCents) continue;
    lateBillIds.push(bill.id);
    if (allocatedBy(allocations, bill.id, today) < bill.amountCents) unpaidBillIds.push(bill.id);
  }
  const billsDue = due.length;
  const onTime = billsDue - lateBillIds.length;
  return { billsDue, onTime, late: lateBillIds.length, percent: percentOf(onTime, billsDue), lateBillIds, unpaidBillIds };
}
