/**
 * Recording payments (SPEC §2, §5, §11). A reference is unique across all accounts, so
 * the same payment keyed in twice is refused. Only a processed payment lowers the
 * balance; a failed one tells the consumer (once per reference, through the outbox); a
 * pending one waits until it is marked processed or failed, the only moves it has.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PaymentMethod, PaymentStatus } from '../shared/enums.js';
import { Conflict, Invalid, NotFound } from '../shared/errors.js';
import { assertCents } from '../shared/money.js';
import { lockAccount, moveBalance, type LockedAccount } from './account-balance.js';
import { audit } from '../audit/audit.js';
import { enqueueNotification } from '../notifications/notifications.js';
import type { PaymentItem } from './profile-finance.js';
import type { Actor } from '../service-orders/service-orders.js';
import { asDate, asInt } from '../shared/sql-values.js';
import { txSql } from '../shared/tx-sql.js';

export interface NewPayment {
  paidAt: Date;
  reference: string;
  amountCents: number;
  method: PaymentMethod;
  status: PaymentStatus;
  billId?: number | null;
}

/** A payment clock a few minutes fast still counts as "now"; anything later is a typo. */
const FUTURE_SLACK_MS = 5 * 60_000;

type Row = Record<string, unknown>;
const PAYMENT_COLUMNS = 'id, account_id, paid_at, reference, amount_cents, method, status, bill_id';

function toPayment(r: Row): PaymentItem {
  return {
    id: asInt(r.id), paidAt: asDate(r.paid_at), reference: String(r.reference), amountCents: asInt(r.amount_cents),
    method: r.method as PaymentMethod, status: r.status as PaymentStatus, billId: r.bill_id === null ? null : asInt(r.bill_id),
  };
}

function checkValues(input: NewPayment): void {
  assertCents(input.amountCents);
  if (input.amountCents <= 0) throw new Invalid('A payment is a positive amount.', { amountCents: 'must be more than 0' });
  if (input.paidAt.getTime() > Date.now() + FUTURE_SLACK_MS) throw new Invalid('A payment cannot be dated in the future.', { paidAt: 'in the future' });
}

async function checkBill(em: EntityManager, account: LockedAccount, billId: number | null | undefined): Promise<void> {
  if (billId === null || billId === undefined) return;
  const rows = await txSql(em)('select 1 from bill where id = ? and account_id = ?', [billId, account.id]);
  if (!rows.length) throw new Invalid(`Bill ${billId} is not a bill of ${account.accountNumber}.`, { billId: 'not a bill of this account' });
}

/** What the status means for the balance and the consumer, applied once when a payment gets it. */
async function applyStatus(em: EntityManager, account: LockedAccount, payment: PaymentItem, actor: Actor): Promise<void> {
  if (payment.status === 'processed') {
    await moveBalance(em, account, -payment.amountCents, `payment ${payment.reference} processed`, actor);
  } else if (payment.status === 'failed') {
    await enqueueNotification(em, {
      accountId: account.id, event: 'payment_failed', idempotencyKey: `payment_failed:${payment.reference}`,
      payload: { reference: payment.reference, amountCents: payment.amountCents, paidAt: payment.paidAt.toISOString() },
    });
  }
}

const auditShape = (p: PaymentItem, accountNumber: string) => ({ ...p, paidAt: p.paidAt.toISOString(), accountNumber });

export async function recordPayment(em: EntityManager, accountNumber: string, input: NewPayment, actor: Actor): Promise<PaymentItem> {
  checkValues(input);
  return em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const account = await lockAccount(t, accountNumber);
    await checkBill(t, account, input.billId);
    // The unique index decides a race between two agents keying in the same reference.
    const rows = await txSql(t)(
      `insert into payment (account_id, bill_id, reference, paid_at, amount_cents, method, status, created_by_id, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, now()) on conflict (reference) do nothing returning ${PAYMENT_COLUMNS}`,
      [account.id, input.billId ?? null, input.reference, input.paidAt, input.amountCents, input.method, input.status, actor.userId]);
    if (!rows.length) {
      throw new Conflict(`A payment with reference ${input.reference} is already recorded.`, { reason: 'duplicate', field: 'reference', reference: input.reference });
    }
    const payment = toPayment(rows[0]);
    await applyStatus(t, account, payment, actor);
    await audit(t, { userId: actor.userId, userName: actor.name, action: 'payment.create', entity: 'payment', entityId: payment.reference, after: auditShape(payment, account.accountNumber) });
    return payment;
  });
}

/**
 * A pending payment cleared (processed) or bounced (failed); every other move is a 409.
 * With `ofAccount`, a payment of another account is not found.
 */
export async function settlePayment(em: EntityManager, paymentId: number, status: 'processed' | 'failed', actor: Actor, ofAccount?: string): Promise<PaymentItem> {
  return em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const sql = txSql(t);
    const found = await sql<{ account_number: string }>('select a.account_number from payment p join account a on a.id = p.account_id where p.id = ?', [paymentId]);
    if (!found.length || (ofAccount && found[0].account_number !== ofAccount)) throw new NotFound('Payment', String(paymentId));
    const account = await lockAccount(t, found[0].account_number);
    const [current] = await sql(`select ${PAYMENT_COLUMNS} from payment where id = ? for update`, [paymentId]);
    const before = toPayment(current);
    if (before.status !== 'pending') {
      throw new Conflict(`Payment ${before.reference} is ${before.status}; only a pending payment can be marked ${status}.`, { currentStatus: before.status });
    }
    const [updated] = await sql(`update payment set status = ? where id = ? returning ${PAYMENT_COLUMNS}`, [status, paymentId]);
    const payment = toPayment(updated);
    await applyStatus(t, account, payment, actor);
    await audit(t, {
      userId: actor.userId, userName: actor.name, action: `payment.${status}`, entity: 'payment', entityId: payment.reference,
      before: auditShape(before, account.accountNumber), after: auditShape(payment, account.accountNumber),
    });
    return payment;
  });
}
