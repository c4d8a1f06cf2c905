/** The Financial tab's lists (docs/rules.md#consumer-profile): bills and payment history, newest first, paginated. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ExpressionBuilder, Selectable } from 'kysely';
import type { PaymentMethod, PaymentStatus } from '../common/enums.js';
import { db, type Database } from '../common/database.js';
import { fetchPage, type Page, type PageRequest } from '../common/paging.js';
import type { BilledPeriod } from './billing-overview.js';

/** A bill as the Financial tab and the API list it. */
export interface BillItem extends BilledPeriod {
  id: number;
  /** Processed payments that reference this bill. */
  paidCents: number;
}

export interface PaymentItem {
  id: number;
  paidAt: Date;
  reference: string;
  amountCents: number;
  method: PaymentMethod;
  status: PaymentStatus;
  billId: number | null;
}

/** The bill columns a BillItem is made of. */
export const BILL_ITEM_COLUMNS = ['id', 'period_start', 'period_end', 'issued_at', 'due_date', 'amount_cents', 'usage'] as const;

/** Processed payments that reference the bill of the outer query (a sum of bigints: numeric, read as text). */
export function paidCentsOfBill(eb: ExpressionBuilder<Database, 'bill'>) {
  const paid = eb.selectFrom('payment')
    .select((p) => p.fn.sum<string>('payment.amount_cents').as('paid'))
    .whereRef('payment.bill_id', '=', 'bill.id')
    .where('payment.status', '=', 'processed');
  return eb.fn.coalesce(paid, eb.lit(0)).as('paid_cents');
}

type BillColumns = Pick<Selectable<Database['bill']>, (typeof BILL_ITEM_COLUMNS)[number]>;

export function toBillItem(row: BillColumns & { paid_cents: string | number }): BillItem {
  return {
    id: row.id, periodStart: new Date(row.period_start), periodEnd: new Date(row.period_end), issuedAt: new Date(row.issued_at),
    dueDate: new Date(row.due_date), amountCents: row.amount_cents, usage: row.usage, paidCents: Number(row.paid_cents),
  };
}

/** The payment columns a PaymentItem is made of. */
export const PAYMENT_ITEM_COLUMNS = ['id', 'paid_at', 'reference', 'amount_cents', 'method', 'status', 'bill_id'] as const;

export function toPaymentItem(row: Pick<Selectable<Database['payment']>, (typeof PAYMENT_ITEM_COLUMNS)[number]>): PaymentItem {
  return {
    id: row.id, paidAt: row.paid_at, reference: row.reference, amountCents: row.amount_cents,
    method: row.method, status: row.status, billId: row.bill_id,
  };
}

export function listBills(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<BillItem>> {
  const bills = db(em).selectFrom('bill').where('account_id', '=', accountId);
  return fetchPage(
    bills.select(BILL_ITEM_COLUMNS).select(paidCentsOfBill).orderBy('period_end', 'desc').orderBy('id', 'desc'),
    bills.select((eb) => eb.fn.countAll<string>().as('total')),
    request, toBillItem,
  );
}

export function listPayments(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<PaymentItem>> {
  const payments = db(em).selectFrom('payment').where('account_id', '=', accountId);
  return fetchPage(
    payments.select(PAYMENT_ITEM_COLUMNS).orderBy('paid_at', 'desc').orderBy('id', 'desc'),
    payments.select((eb) => eb.fn.countAll<string>().as('total')),
    request, toPaymentItem,
  );
}
