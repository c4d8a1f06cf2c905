/**
 * Bills imported from the billing system (SPEC §2, API.md). A bill is unique per account
 * and period, which makes an import idempotent: the same bill sent again is recognised
 * and left as it is, while a different bill for a period already billed is refused (a
 * correction is an adjustment, not a second bill).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Conflict, Invalid } from '../shared/errors.js';
import { assertCents } from '../shared/money.js';
import { lockAccount, moveBalance } from './account-balance.js';
import { audit } from '../audit/audit.js';
import type { BillItem } from './profile-finance.js';
import type { Actor } from '../service-orders/service-orders.js';
import { asDate, asInt, sqlDay } from '../shared/sql-values.js';
import { txSql } from '../shared/tx-sql.js';

/** Calendar days as YYYY-MM-DD. */
export interface NewBill {
  periodStart: string;
  periodEnd: string;
  issuedAt: string;
  dueDate: string;
  amountCents: number;
  usage: number;
}

export interface ImportedBill { bill: BillItem; created: boolean }

const BILL_COLUMNS = `id, to_char(period_start, 'YYYY-MM-DD') as period_start, to_char(period_end, 'YYYY-MM-DD') as period_end,
  to_char(issued_at, 'YYYY-MM-DD') as issued_at, to_char(due_date, 'YYYY-MM-DD') as due_date, amount_cents, usage`;

function toBill(r: Record<string, unknown>): BillItem {
  return {
    id: asInt(r.id), periodStart: asDate(r.period_start), periodEnd: asDate(r.period_end), issuedAt: asDate(r.issued_at),
    dueDate: asDate(r.due_date), amountCents: asInt(r.amount_cents), usage: asInt(r.usage), paidCents: asInt(r.paid_cents ?? 0),
  };
}

/**
 * The rules between a bill's fields. A bill dated after today is refused: the balance
 * counts bills by issue date, and one from the future would make the stored balance
 * disagree with the nightly recomputation until that day.
 */
export function checkBill(bill: NewBill, today = sqlDay(new Date())): void {
  const fields: Record<string, string> = {};
  assertCents(bill.amountCents);
  if (bill.amountCents < 0) fields.amountCents = 'must not be negative (a credit is an adjustment)';
  if (!Number.isSafeInteger(bill.usage) || bill.usage < 0) fields.usage = 'a whole number, 0 or more';
  if (bill.periodEnd < bill.periodStart) fields.periodEnd = 'before the period start';
  if (bill.dueDate < bill.issuedAt) fields.dueDate = 'before the issue date';
  if (bill.issuedAt > today) fields.issuedAt = 'in the future';
  if (Object.keys(fields).length) throw new Invalid(`Invalid bill: ${Object.keys(fields).join(', ')}`, fields);
}

const sameBill = (a: BillItem, b: NewBill) => sqlDay(a.issuedAt) === b.issuedAt && sqlDay(a.dueDate) === b.dueDate
  && a.amountCents === b.amountCents && a.usage === b.usage;

/** Imports one bill: adds it to the balance and the audit log, or recognises it as already imported. */
export async function importBill(em: EntityManager, accountNumber: string, input: NewBill, actor: Actor): Promise<ImportedBill> {
  checkBill(input);
  return em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const sql = txSql(t);
    const account = await lockAccount(t, accountNumber);
    const inserted = await sql(
      `insert into bill (account_id, period_start, period_end, issued_at, due_date, amount_cents, usage, created_at)
       values (?, ?, ?, ?, ?, ?, ?, now()) on conflict (account_id, period_start, period_end) do nothing returning ${BILL_COLUMNS}`,
      [account.id, input.periodStart, input.periodEnd, input.issuedAt, input.dueDate, input.amountCents, input.usage]);
    if (!inserted.length) {
      const [existing] = await sql(
        `select ${BILL_COLUMNS}, coalesce((select sum(p.amount_cents) from payment p where p.bill_id = bill.id and p.status = 'processed'), 0) as paid_cents
           from bill where account_id = ? and period_start = ? and period_end = ?`, [account.id, input.periodStart, input.periodEnd]);
      const bill = toBill(existing);
      if (sameBill(bill, input)) return { bill, created: false };
      throw new Conflict(`${account.accountNumber} already has a different bill for ${input.periodStart} – ${input.periodEnd}.`, { reason: 'duplicate_period', billId: bill.id });
    }
    const bill = toBill(inserted[0]);
    await moveBalance(t, account, bill.amountCents, `bill ${bill.id} for ${input.periodStart} – ${input.periodEnd}`, actor);
    await audit(t, {
      userId: actor.userId, userName: actor.name, action: 'bill.create', entity: 'bill', entityId: String(bill.id),
      after: { accountNumber: account.accountNumber, ...input },
    });
    return { bill, created: true };
  });
}
