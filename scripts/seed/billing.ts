/**
 * Bills from readings: one per reading interval (monthly) or per three (quarterly), plus
 * a final bill when service ends. Issued two days after the closing read, due 21 days
 * after issue; a bill not yet issued by the as-of date does not exist yet.
 */
import type { BillingCycle } from '../../domain/common/enums.js';
import type { Timeline } from './context.js';
import { at, isoDate, isoTimestamp } from './days.js';
import type { BillRow, IdCursor } from './rows.js';
import { billAmountCents, type RatePlan } from './tariff.js';

export const ISSUE_AFTER_READ_DAYS = 2;
export const DUE_AFTER_ISSUE_DAYS = 21;

/** A bill with its dates as day numbers, which payments and the balance work with. */
export interface IssuedBill {
  row: BillRow;
  issued: number;
  due: number;
  amount: number;
}

export interface BillingInput {
  accountId: number;
  plan: RatePlan;
  cycle: BillingCycle;
  days: number[];
  usage: number[];
  /** Last reading index that may be billed (a flagged reading is held). */
  billableUpTo: number;
  /** Service ended: whatever is left after the last full cycle is billed too. */
  final: boolean;
}

function billFor(ids: IdCursor, input: BillingInput, from: number, to: number): IssuedBill {
  const start = input.days[from];
  const end = input.days[to] - 1;
  let usage = 0;
  for (let i = from + 1; i <= to; i++) usage += input.usage[i];
  const issued = input.days[to] + ISSUE_AFTER_READ_DAYS;
  const due = issued + DUE_AFTER_ISSUE_DAYS;
  const amount = billAmountCents(input.plan, usage, end - start + 1);
  return {
    issued, due, amount,
    row: {
      id: ids.bill++, account_id: input.accountId, period_start: isoDate(start), period_end: isoDate(end),
      issued_at: isoDate(issued), due_date: isoDate(due), amount_cents: amount, usage, created_at: isoTimestamp(at(issued, 11)),
    },
  };
}

export function billsFor(ids: IdCursor, input: BillingInput, timeline: Timeline): IssuedBill[] {
  const step = input.cycle === 'quarterly' ? 3 : 1;
  const bills: IssuedBill[] = [];
  let from = 0;
  const closeAt = (to: number) => {
    if (input.days[to] + ISSUE_AFTER_READ_DAYS > timeline.lastDay) return false;
    bills.push(billFor(ids, input, from, to));
    from = to;
    return true;
  };
  while (from + step <= input.billableUpTo) {
    if (!closeAt(from + step)) return bills;
  }
  if (input.final && from < input.billableUpTo) closeAt(input.billableUpTo);
  return bills;
}
