/** The Financial tab's lists (docs/rules.md#consumer-profile): bills and payment history, newest first, paginated. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ExpressionBuilder, Selectable } from 'kysely';
import type { PaymentMethod, PaymentStatus } from '../common/enums.js';
import { db, type Database } from '../common/database.js';
import { isoDay } from '../common/calendar.js';
import { fetchPage, type Page, type PageRequest } from '../common/paging.js';
import type { BilledPeriod } from './billing-overview.js';
import { billPaidOn } from './allocation.js';
import { allocationsOfBills, allocationsOfPayments } from './payment-allocations.js';

/** A bill as the Financial tab and the API list it. */
export interface BillItem extends BilledPeriod {
  id: number;
  /** What the allocations put on this bill so far. */
  paidCents: number;
  /** The utility-local day the allocations first covered it in full (YYYY-MM-DD); null while short. */
  paidOn: string | null;
}

/** Part of a payment applied to a bill, as the payment history lists it. */
export interface PaymentAllocationItem { billId: number; amountCents: number; appliedOn: string }

export interface PaymentItem {
  id: number;
  paidAt: Date;
  reference: string;
  amountCents: number;
  method: PaymentMethod;
  status: PaymentStatus;
  billId: number | null;
  /** Which bills it paid (none while pending or failed). */
  allocations: PaymentAllocationItem[];
}

/** The bill columns a BillItem is made of. */
export const BILL_ITEM_COLUMNS = ['id', 'period_start', 'period_end', 'issued_at', 'due_date', 'amount_cents', 'usage'] as const;

/** The allocations to the bill of the outer query (a sum of bigints: numeric, read as text). */
export function paidCentsOfBill(eb: ExpressionBuilder<Database, 'bill'>) {
  const paid = eb.selectFrom('payment_allocation')
    .select((a) => a.fn.sum<string>('payment_allocation.amount_cents').as('paid'))
    .whereRef('payment_allocation.bill_id', '=', 'bill.id');
  return eb.fn.coalesce(paid, eb.lit(0)).as('paid_cents');
}

type BillColumns = Pick<Selectable<Database['bill']>, (typeof BILL_ITEM_COLUMNS)[number]>;

export function toBillItem(row: BillColumns & { paid_cents: string | number }): BillItem {
  return {
    id: row.id, periodStart: new Date(row.period_start), periodEnd: new Date(row.period_end), issuedAt: new Date(row.issued_at),
    dueDate: new Date(row.due_date), amountCents: row.amount_cents, usage: row.usage, paidCents: Number(row.paid_cents), paidOn: null,
  };
}

/** Each bill's paid date, from its stored allocations. */
export async function withPaidOn(em: EntityManager, bills: BillItem[]): Promise<BillItem[]> {
  const allocations = await allocationsOfBills(em, bills.map((b) => b.id));
  return bills.map((b) => ({ ...b, paidOn: billPaidOn(b.amountCents, allocations.get(b.id) ?? [], isoDay(b.issuedAt)) }));
}

/** Each payment's allocations, from the stored rows. */
export async function withAllocations(em: EntityManager, payments: PaymentItem[]): Promise<PaymentItem[]> {
  const allocations = await allocationsOfPayments(em, payments.map((p) => p.id));
  return payments.map((p) => ({
    ...p, allocations: (allocations.get(p.id) ?? []).map(({ billId, amountCents, appliedOn }) => ({ billId, amountCents, appliedOn })),
  }));
}

/** The payment columns a PaymentItem is made of. */
export const PAYMENT_ITEM_COLUMNS = ['id', 'paid_at', 'reference', 'amount_cents', 'method', 'status', 'bill_id'] as const;

export function toPaymentItem(row: Pick<Selectable<Database['payment']>, (typeof PAYMENT_ITEM_COLUMNS)[number]>): PaymentItem {
  return {
    id: row.id, paidAt: row.paid_at, reference: row.reference, amountCents: row.amount_cents,
    method: row.method, status: row.status, billId: row.bill_id, allocations: [],
  };
}

export async function listBills(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<BillItem>> {
  const bills = db(em).selectFrom('bill').where('account_id', '=', accountId);
  const page = await fetchPage(
    bills.select(BILL_ITEM_COLUMNS).select(paidCentsOfBill).orderBy('period_end', 'desc').orderBy('id', 'desc'),
    bills.select((eb) => eb.fn.countAll<string>().as('total')),
    request, toBillItem,
  );
  return { ...page, items: await withPaidOn(em, page.items) };
}

export async function listPayments(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<PaymentItem>> {
  const payments = db(em).selectFrom('payment').where('account_id', '=', accountId);
  const page = await fetchPage(
    payments.select(PAYMENT_ITEM_COLUMNS).orderBy('paid_at', 'desc').orderBy('id', 'desc'),
    payments.select((eb) => eb.fn.countAll<string>().as('total')),
    request, toPaymentItem,
  );
  return { ...page, items: await withAllocations(em, page.items) };
}
