/**
 * Allocation of payments to bills (docs/rules.md#bills-payments-and-compliance): a pure replay of an
 * account's bills and processed payments in date order. The stored rows and the rebuild both come from here.
 */
import { isoDay, utilityIsoDay } from '../common/calendar.js';
import type { PaymentStatus } from '../common/enums.js';

export interface AllocatableBill {
  id: number;
  /** `date` columns: UTC midnight of the calendar day. */
  issuedAt: Date;
  dueDate: Date;
  amountCents: number;
}

export interface AllocatablePayment {
  id: number;
  /** The bill the payer named, if any. */
  billId: number | null;
  paidAt: Date;
  amountCents: number;
  status: PaymentStatus;
}

/** Part of a payment applied to a bill on a utility-local calendar day (`YYYY-MM-DD`). */
export interface Allocation {
  paymentId: number;
  billId: number;
  amountCents: number;
  appliedOn: string;
}

interface OpenBill { id: number; issuedOn: string; dueOn: string; left: number; issued: boolean }
/** What is left of a payment; `reservedFor` is its named bill while that bill is not issued yet. */
interface Credit { paymentId: number; left: number; reservedFor: number | null }

const byOpenOrder = (a: OpenBill, b: OpenBill) =>
  a.dueOn.localeCompare(b.dueOn) || a.issuedOn.localeCompare(b.issuedOn) || a.id - b.id;

/** The replay's state: bills in "oldest open first" order, unspent credit in payment order, rows so far. */
class Ledger {
  readonly rows = new Map<string, Allocation>();
  readonly credits: Credit[] = [];
  constructor(readonly bills: OpenBill[]) {}

  give(credit: Credit, bill: OpenBill, appliedOn: string): void {
    const amount = Math.min(credit.left, bill.left);
    if (amount <= 0) return;
    credit.left -= amount;
    bill.left -= amount;
    const key = `${credit.paymentId}:${bill.id}`;
    const row = this.rows.get(key);
    if (row) row.amountCents += amount;
    else this.rows.set(key, { paymentId: credit.paymentId, billId: bill.id, amountCents: amount, appliedOn });
  }

  /** A bill arrives: credit reserved for it first, then free credit, oldest payment first, dated the issue day. */
  issue(bill: OpenBill): void {
    bill.issued = true;
    for (const credit of this.credits) if (credit.reservedFor === bill.id) this.give(credit, bill, bill.issuedOn);
    for (const credit of this.credits) if (this.isFree(credit)) this.give(credit, bill, bill.issuedOn);
  }

  /** A processed payment: its named bill first, then the open bills oldest due date first; the rest is credit. */
  pay(payment: AllocatablePayment, paidOn: string): void {
    const named = payment.billId === null ? undefined : this.bills.find((b) => b.id === payment.billId);
    const credit: Credit = { paymentId: payment.id, left: payment.amountCents, reservedFor: null };
    if (named?.issued) this.give(credit, named, paidOn);
    else if (named) {
      // Dated before its own bill was issued: hold back what of that bill's amount earlier payments have not.
      const held: Credit = { paymentId: payment.id, left: Math.min(credit.left, named.left - this.heldFor(named)), reservedFor: named.id };
      credit.left -= held.left;
      if (held.left > 0) this.credits.push(held);
    }
    for (const bill of this.bills) if (bill.issued) this.give(credit, bill, paidOn);
    this.credits.push(credit);
  }

  /** What payments already hold back for a bill not issued yet. */
  private heldFor(bill: OpenBill): number {
    return this.credits.reduce((sum, credit) => (credit.reservedFor === bill.id ? sum + credit.left : sum), 0);
  }

  private isFree(credit: Credit): boolean {
    if (credit.reservedFor === null) return true;
    return this.bills.find((b) => b.id === credit.reservedFor)?.issued ?? true;
  }
}

/** A processed payment's calendar day in the utility's zone. */
export const paidOnDay = (paidAt: Date, timeZone: string) => utilityIsoDay(paidAt, timeZone);

/**
 * Every allocation of the account, deterministic for the same bills and payments: bills
 * open on their issue day (before that day's payments), processed payments apply on their
 * local day in (day, time, id) order; pending and failed payments allocate nothing.
 */
export function allocatePayments(bills: AllocatableBill[], payments: AllocatablePayment[], timeZone: string): Allocation[] {
  const open = bills
    .map((b) => ({ id: b.id, issuedOn: isoDay(b.issuedAt), dueOn: isoDay(b.dueDate), left: b.amountCents, issued: false }))
    .sort(byOpenOrder);
  const ledger = new Ledger(open);
  const byIssue = [...open].sort((a, b) => a.issuedOn.localeCompare(b.issuedOn) || byOpenOrder(a, b));
  const processed = payments
    .filter((p) => p.status === 'processed')
    .map((p) => ({ payment: p, paidOn: paidOnDay(p.paidAt, timeZone) }))
    .sort((a, b) => a.paidOn.localeCompare(b.paidOn) || a.payment.paidAt.getTime() - b.payment.paidAt.getTime() || a.payment.id - b.payment.id);
  let next = 0;
  for (const { payment, paidOn } of processed) {
    while (next < byIssue.length && byIssue[next].issuedOn <= paidOn) ledger.issue(byIssue[next++]);
    ledger.pay(payment, paidOn);
  }
  while (next < byIssue.length) ledger.issue(byIssue[next++]);
  return sortAllocations([...ledger.rows.values()]);
}

/** The one order allocations are compared and listed in. */
export function sortAllocations(rows: Allocation[]): Allocation[] {
  return rows.sort((a, b) => a.paymentId - b.paymentId || a.billId - b.billId);
}

/**
 * The day a bill became paid in full: when its allocations, by date, first reach its amount; null while short.
 * A bill of nothing is paid the day it is issued (`issuedOn`): there was never anything to pay.
 */
export function billPaidOn(amountCents: number, allocations: ReadonlyArray<Pick<Allocation, 'amountCents' | 'appliedOn'>>, issuedOn: string): string | null {
  if (amountCents <= 0) return issuedOn;
  let paid = 0;
  for (const a of [...allocations].sort((x, y) => x.appliedOn.localeCompare(y.appliedOn))) {
    paid += a.amountCents;
    if (paid >= amountCents) return a.appliedOn;
  }
  return null;
}
