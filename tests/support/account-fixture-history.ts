// The history half of the account fixture: money and readings, then the people-facing records.
import type { Db } from '../../domain/common/database.js';
import type { PaymentMethod, PaymentStatus, ReadingFlag, VerificationStatus } from '../../domain/common/enums.js';
import { insertRecords } from './account-fixture-records.js';
import {
  daysBefore, isoDay, type FixtureBill, type FixtureNote, type FixtureOrder, type FixturePayment, type FixtureReading, type HistoryInput,
} from './account-fixture-kit.js';
import { insertRow } from './rows.js';

export interface FixtureHistory {
  bills: FixtureBill[];
  payments: FixturePayment[];
  readings: FixtureReading[];
  /** The pending reading flagged `high`. */
  flaggedReadingId: number | null;
  serviceOrders: FixtureOrder[];
  notes: FixtureNote[];
  complaintIds: number[];
  communicationIds: number[];
  documentIds: number[];
}

const METHODS: PaymentMethod[] = ['credit_card', 'bank_transfer', 'ach', 'cash', 'check'];
const DAY = 86_400_000;
const plus = (d: Date, days: number) => new Date(d.getTime() + days * DAY);
const at = (d: Date, hour: number) => new Date(d.getTime() + hour * 3_600_000);

/**
 * Bill i (0 = newest) covers 30 days ending 10 + 30·i days before asOf and is due 21
 * days after issue: bill 0 is not due yet; bills 1… fell due 18, 48, … days ago.
 */
async function insertBills(sql: Db, input: HistoryInput): Promise<FixtureBill[]> {
  const bills: FixtureBill[] = [];
  for (let i = input.months - 1; i >= 0; i--) {
    const periodEnd = daysBefore(input.asOf, 10 + 30 * i);
    const periodStart = plus(periodEnd, -29);
    const issuedAt = plus(periodEnd, 1);
    const dueDate = plus(issuedAt, 21);
    const usage = input.baseUsage + ((i * 37) % 7) * 150;
    const amountCents = 2500 + usage;
    const id = await insertRow(sql, 'bill', {
      account_id: input.accountId, period_start: isoDay(periodStart), period_end: isoDay(periodEnd), issued_at: isoDay(issuedAt),
      due_date: isoDay(dueDate), amount_cents: amountCents, usage, created_at: new Date(),
    });
    bills.unshift({ id, periodStart, periodEnd, issuedAt, dueDate, amountCents, usage });
  }
  return bills; // newest first
}

/** Bill 1 in two parts, bill 2 late, bill 3 failed then retried on time, bill 0 a pending part; the rest on time. */
function paymentPlan(bills: FixtureBill[]): Array<Omit<FixturePayment, 'id' | 'reference'>> {
  const plan: Array<Omit<FixturePayment, 'id' | 'reference'>> = [];
  bills.forEach((bill, i) => {
    const method = METHODS[i % METHODS.length];
    const pay = (days: number, amountCents: number, status: PaymentStatus = 'processed') =>
      plan.push({ billId: bill.id, paidAt: at(plus(bill.dueDate, days), 14), amountCents, method, status });
    if (i === 0) pay(-20, 1000, 'pending');
    else if (i === 1) { pay(-5, Math.floor(bill.amountCents / 2)); pay(-2, bill.amountCents - Math.floor(bill.amountCents / 2)); }
    else if (i === 2) pay(6, bill.amountCents);
    else if (i === 3) { pay(-3, bill.amountCents, 'failed'); pay(-1, bill.amountCents); }
    else pay(-4, bill.amountCents);
  });
  return plan;
}

async function insertPayments(sql: Db, input: HistoryInput, bills: FixtureBill[]): Promise<FixturePayment[]> {
  const payments: FixturePayment[] = [];
  for (const [k, p] of paymentPlan(bills).entries()) {
    const reference = `PAY-${input.tag}-${k + 1}`;
    const id = await insertRow(sql, 'payment', {
      account_id: input.accountId, bill_id: p.billId, reference, paid_at: p.paidAt, amount_cents: p.amountCents,
      method: p.method, status: p.status, created_at: new Date(),
    });
    payments.push({ id, reference, ...p });
  }
  return payments;
}

/** A reading at each bill's period end, then a rejected regression and a pending `high` spike. */
async function insertReadings(sql: Db, input: HistoryInput, bills: FixtureBill[]) {
  const readings: FixtureReading[] = [];
  const add = async (readAt: Date, value: number, consumption: number | null, status: VerificationStatus, flags: ReadingFlag[]) => {
    const id = await insertRow(sql, 'reading', {
      meter_id: input.meterId, account_id: input.accountId, read_at: isoDay(readAt), value, consumption,
      verification_status: status, flags, created_at: new Date(),
    });
    readings.push({ id, readAt, value, consumption, verificationStatus: status, flags });
    return id;
  };
  let value = 100_000;
  await add(plus([...bills].reverse()[0]?.periodStart ?? input.asOf, -1), value, null, 'verified', []);
  for (const bill of [...bills].reverse()) {
    value += bill.usage;
    await add(bill.periodEnd, value, bill.usage, 'verified', []);
  }
  if (!bills.length) return { readings, flaggedReadingId: null };
  await add(daysBefore(input.asOf, 6), value - 500, null, 'rejected', ['regression']);
  const flaggedReadingId = await add(daysBefore(input.asOf, 2), value + 30_000, 30_000, 'pending', ['high']);
  return { readings, flaggedReadingId };
}

export async function insertHistory(sql: Db, input: HistoryInput): Promise<FixtureHistory> {
  const bills = await insertBills(sql, input);
  const payments = await insertPayments(sql, input, bills);
  const { readings, flaggedReadingId } = await insertReadings(sql, input, bills);
  const empty = { serviceOrders: [], notes: [], complaintIds: [], communicationIds: [], documentIds: [] };
  const records = input.records ? await insertRecords(sql, input) : empty;
  return { bills, payments, readings, flaggedReadingId, ...records };
}

