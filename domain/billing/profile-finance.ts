/** The Financial tab's lists (SPEC §5): bills and payment history, newest first, paginated. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PaymentMethod, PaymentStatus } from '../shared/enums.js';
import { pageOf, type Page, type PageRequest } from '../shared/paging.js';
import { asDate, asInt } from '../shared/sql-values.js';

export interface BillItem {
  id: number;
  periodStart: Date;
  periodEnd: Date;
  issuedAt: Date;
  dueDate: Date;
  amountCents: number;
  usage: number;
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

const BILLS = `
  select b.id, b.period_start, b.period_end, b.issued_at, b.due_date, b.amount_cents, b.usage,
         coalesce((select sum(p.amount_cents) from payment p where p.bill_id = b.id and p.status = 'processed'), 0) as paid_cents
    from bill b where b.account_id = ?
   order by b.period_end desc, b.id desc`;

const PAYMENTS = `
  select id, paid_at, reference, amount_cents, method, status, bill_id
    from payment where account_id = ?
   order by paid_at desc, id desc`;

export function listBills(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<BillItem>> {
  return pageOf(em, BILLS, 'select count(*) as total from bill where account_id = ?', [accountId], request, (r) => ({
    id: asInt(r.id), periodStart: asDate(r.period_start), periodEnd: asDate(r.period_end), issuedAt: asDate(r.issued_at),
    dueDate: asDate(r.due_date), amountCents: asInt(r.amount_cents), usage: asInt(r.usage), paidCents: asInt(r.paid_cents),
  }));
}

export function listPayments(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<PaymentItem>> {
  return pageOf(em, PAYMENTS, 'select count(*) as total from payment where account_id = ?', [accountId], request, (r) => ({
    id: asInt(r.id), paidAt: asDate(r.paid_at), reference: String(r.reference), amountCents: asInt(r.amount_cents),
    method: r.method as PaymentMethod, status: r.status as PaymentStatus, billId: r.bill_id === null ? null : asInt(r.bill_id),
  }));
}
