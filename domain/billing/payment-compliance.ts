/**
 * Payment compliance (docs/rules.md#bills-payments-and-compliance): of the bills that fell due in the trailing 12 months,
 * how many the allocations (allocation.ts) covered in full by their due date, in the utility's calendar days.
 */
import { addMonthsToDay, calendarDay, isoDay, utilityDay, utilityIsoDay } from '../common/calendar.js';
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
  return dueIn(dueWindow(asOf, timeZone), bill);
}

/**
 * The due window, worked out once per account: asOf's local day and the day 12 months before
 * it as day numbers (a bill's due day is compared as a number, no text per bill), and asOf's
 * day as `YYYY-MM-DD` for the allocations' days.
 */
interface DueWindow { today: number; after: number; todayIso: string }

function dueWindow(asOf: Date, timeZone: string): DueWindow {
  const today = utilityDay(asOf, timeZone);
  return { today, after: addMonthsToDay(today, -12), todayIso: utilityIsoDay(asOf, timeZone) };
}

function dueIn(window: DueWindow, bill: Pick<BillFacts, 'dueDate'>): boolean {
  const due = calendarDay(bill.dueDate);
  return due < window.today && due > window.after;
}

/** Allocations applied on or before `lastDay` (YYYY-MM-DD). */
function allocatedBy(allocations: readonly AllocationFacts[], lastDay: string): number {
  let total = 0;
  for (const a of allocations) if (a.appliedOn <= lastDay) total += a.amountCents;
  return total;
}

/** The allocations of each bill, in their order, so each due bill reads only its own. */
function allocationsByBill(allocations: AllocationFacts[]): Map<string, AllocationFacts[]> {
  const byBill = new Map<string, AllocationFacts[]>();
  for (const a of allocations) {
    const list = byBill.get(a.billId);
    if (list) list.push(a);
    else byBill.set(a.billId, [a]);
  }
  return byBill;
}

/**
 * A due bill is on time when its allocations dated up to its due day reach its amount;
 * late otherwise, and unpaid when even those up to asOf's day do not. Allocations dated
 * after asOf are ignored, so a rerun for a past day is stable.
 */
export function paymentCompliance(bills: BillFacts[], allocations: AllocationFacts[], asOf: Date, timeZone: string): PaymentCompliance {
  const window = dueWindow(asOf, timeZone);
  const due = bills.filter((b) => dueIn(window, b)).sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime());
  const byBill = allocationsByBill(allocations);
  const lateBillIds: string[] = [];
  const unpaidBillIds: string[] = [];
  for (const bill of due) {
    const applied = byBill.get(bill.id) ?? [];
    if (allocatedBy(applied, isoDay(bill.dueDate)) >= bill.amountCents) continue;
    lateBillIds.push(bill.id);
    if (allocatedBy(applied, window.todayIso) < bill.amountCents) unpaidBillIds.push(bill.id);
  }
  const billsDue = due.length;
  const onTime = billsDue - lateBillIds.length;
  return { billsDue, onTime, late: lateBillIds.length, percent: percentOf(onTime, billsDue), lateBillIds, unpaidBillIds };
}
