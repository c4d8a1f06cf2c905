/**
 * Recording payments (docs/rules.md#consumer-accounts, docs/rules.md#bills-payments-and-compliance, docs/rules.md#notifications), settling pending ones
 * and reversing processed ones; a reference is unique across all accounts, so the same payment keyed in twice is refused.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { PaymentMethod, PaymentStatus } from '../common/enums.js';
import { Conflict, Invalid, NotFound } from '../common/errors.js';
import { assertCents } from '../common/money.js';
import { balanceMove, lockAccount, type LockedAccount } from './account-balance.js';
import { deleteStaleAllocations, insertMissingAllocations, loadLedgers, reallocation, updateBalances, type Ledger } from './account-ledger.js';
import type { Allocation } from './allocation.js';
import { auditRow, type AuditEntry } from '../audit/audit.js';
import { notificationWrites } from '../notifications/notifications.js';
import { PAYMENT_ITEM_COLUMNS, toPaymentItem, type PaymentAllocationItem, type PaymentItem } from './profile-finance.js';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import { writesTogether, type NamedWrite } from '../common/writes-together.js';

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

function checkValues(input: NewPayment): void {
  assertCents(input.amountCents);
  if (input.amountCents <= 0) throw new Invalid('A payment is a positive amount.', { amountCents: 'must be more than 0' });
  if (input.paidAt.getTime() > Date.now() + FUTURE_SLACK_MS) throw new Invalid('A payment cannot be dated in the future.', { paidAt: 'in the future' });
}

/** A `billId` must name a bill of the same account (422); the ledger holds all of them. */
function checkBill(account: LockedAccount, ledger: Ledger, billId: number | null | undefined): void {
  if (billId === null || billId === undefined || ledger.bills.some((b) => b.id === billId)) return;
  throw new Invalid(`Bill ${billId} is not a bill of ${account.accountNumber}.`, { billId: 'not a bill of this account' });
}

/** The ledger as it is once the payment has its status (a processed payment counts, a reversed one no longer does). */
function withPayment(ledger: Ledger, payment: PaymentItem): Ledger {
  const others = ledger.payments.filter((p) => p.id !== payment.id);
  if (payment.status !== 'processed') return { ...ledger, payments: others };
  return { ...ledger, payments: [...others, { id: payment.id, billId: payment.billId, paidAt: payment.paidAt, amountCents: payment.amountCents, status: 'processed' }] };
}

/**
 * What the status means, applied once when a payment gets it: only a processed payment
 * lowers the balance; a processed one that fails (a reversal) raises it again; a failed
 * one tells the consumer (once per reference, through the outbox); a pending one waits
 * until it is marked processed or failed. The account's allocations follow in the same
 * transaction (docs/rules.md#bills-payments-and-compliance). `entry` is the payment's own audit
 * entry. Stale allocations are deleted here; the rest comes back as writes for the caller to send
 * with the payment's own in one statement (domain/common/writes-together.ts), the balance last, so
 * the dashboard's counter row it locks is held only until the commit right after. Returns the
 * writes and the payment's allocations.
 */
async function statusEffects(
  em: EntityManager, account: LockedAccount, ledger: Ledger, payment: PaymentItem, entry: AuditEntry, actor: Actor, timeZone: string, was?: PaymentStatus,
): Promise<{ writes: NamedWrite[]; allocations: PaymentAllocationItem[] }> {
  const q = db(em);
  const writes: NamedWrite[] = [];
  let allocations: Allocation[] = [];
  let balance: ReturnType<typeof balanceMove> | undefined;
  if (payment.status === 'processed' || was === 'processed') {
    const after = withPayment(ledger, payment);
    const { expected, stale, missing } = reallocation(after, timeZone);
    allocations = expected.filter((a) => a.paymentId === payment.id);
    const changes = [{ accountId: account.id, stale, missing }];
    await deleteStaleAllocations(em, changes);
    const inserts = insertMissingAllocations(changes);
    if (inserts) writes.push(['allocations', inserts]);
    balance = payment.status === 'processed'
      ? balanceMove(account, after, -payment.amountCents, `payment ${payment.reference} processed`, actor, timeZone)
      : balanceMove(account, after, payment.amountCents, `payment ${payment.reference} reversed`, actor, timeZone);
  }
  if (payment.status === 'failed') {
    writes.push(...notificationWrites(q, {
      accountId: account.id, event: 'payment_failed', idempotencyKey: `payment_failed:${payment.reference}`,
      payload: { reference: payment.reference, amountCents: payment.amountCents, paidAt: payment.paidAt.toISOString() },
    }));
  }
  writes.push(['audit', q.insertInto('audit_log').values((balance ? [balance.entry, entry] : [entry]).map(auditRow))]);
  if (balance) writes.push(['balance', updateBalances([balance.move])]);
  return { writes, allocations: allocations.map(({ billId, amountCents, appliedOn }) => ({ billId, amountCents, appliedOn })) };
}

const auditShape = (p: PaymentItem, accountNumber: string) => ({ ...p, paidAt: p.paidAt.toISOString(), accountNumber });

/** A second payment with a reference already recorded: the unique index decides a race between two agents keying in the same one. */
function duplicateReference(error: unknown, reference: string): unknown {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code !== '23505' || constraint !== 'payment_reference_unique') return error;
  return new Conflict(`A payment with reference ${reference} is already recorded.`, { reason: 'duplicate', field: 'reference', reference });
}

/**
 * Records a payment; `timeZone` is the utility's (config UTILITY_TIME_ZONE), for the day its allocations are dated.
 * In the account's lock: the ledger read, then the payment, its allocations, audit rows and balance in one statement.
 */
export async function recordPayment(em: EntityManager, accountNumber: string, input: NewPayment, actor: Actor, timeZone: string): Promise<PaymentItem> {
  checkValues(input);
  return em.transactional(async (tx) => {
    const account = await lockAccount(tx, accountNumber, { takePaymentId: true });
    const ledger = (await loadLedgers(tx, [account.id])).get(account.id) as Ledger;
    checkBill(account, ledger, input.billId);
    const payment: PaymentItem = {
      id: account.paymentId, paidAt: input.paidAt, reference: input.reference, amountCents: input.amountCents,
      method: input.method, status: input.status, billId: input.billId ?? null, allocations: [],
    };
    const insert = db(tx).insertInto('payment').values({
      id: payment.id, account_id: account.id, bill_id: payment.billId, reference: payment.reference, paid_at: payment.paidAt,
      amount_cents: payment.amountCents, method: payment.method, status: payment.status, created_by_id: actor.userId, created_at: sql<Date>`now()`,
    });
    const entry: AuditEntry = { userId: actor.userId, userName: actor.name, action: 'payment.create', entity: 'payment', entityId: payment.reference, after: auditShape(payment, account.accountNumber) };
    const { writes, allocations } = await statusEffects(tx, account, ledger, payment, entry, actor, timeZone);
    await writesTogether([['new_payment', insert], ...writes], sql`select 1`).execute(db(tx))
      .catch((error: unknown) => { throw duplicateReference(error, input.reference); });
    return { ...payment, allocations };
  });
}

/** The moves a payment has: a pending one clears or bounces; a processed one can still bounce (a reversal). */
const MOVES: Record<PaymentStatus, ReadonlyArray<PaymentStatus>> = { pending: ['processed', 'failed'], processed: ['failed'], failed: [] };

export interface SettleOptions {
  /** The utility's time zone (config UTILITY_TIME_ZONE). */
  timeZone: string;
  /** A payment of another account is not found. */
  ofAccount?: string;
}

/**
 * A pending payment cleared (processed) or bounced (failed), or a processed one reversed
 * (failed: its allocations are taken back); every other move is a 409.
 */
export async function settlePayment(em: EntityManager, paymentId: number, status: 'processed' | 'failed', actor: Actor, options: SettleOptions): Promise<PaymentItem> {
  const { ofAccount, timeZone } = options;
  return em.transactional(async (tx) => {
    const found = await db(tx).selectFrom('payment')
      .innerJoin('account', 'account.id', 'payment.account_id')
      .select('account.account_number')
      .where('payment.id', '=', paymentId)
      .executeTakeFirst();
    if (!found || (ofAccount && found.account_number !== ofAccount)) throw new NotFound('Payment', String(paymentId));
    const account = await lockAccount(tx, found.account_number);
    const current = await db(tx).selectFrom('payment').select(PAYMENT_ITEM_COLUMNS).where('id', '=', paymentId).forUpdate().executeTakeFirstOrThrow();
    const before = toPaymentItem(current);
    if (!MOVES[before.status].includes(status)) {
      const which = status === 'failed' ? 'a pending or processed' : 'a pending';
      throw new Conflict(`Payment ${before.reference} is ${before.status}; only ${which} payment can be marked ${status}.`, { currentStatus: before.status });
    }
    const ledger = (await loadLedgers(tx, [account.id])).get(account.id) as Ledger;
    const payment: PaymentItem = { ...before, status };
    const update = db(tx).updateTable('payment').set({ status }).where('id', '=', paymentId);
    const entry: AuditEntry = {
      userId: actor.userId, userName: actor.name, action: `payment.${status}`, entity: 'payment', entityId: payment.reference,
      before: auditShape(before, account.accountNumber), after: auditShape(payment, account.accountNumber),
    };
    const { writes, allocations } = await statusEffects(tx, account, ledger, payment, entry, actor, timeZone, before.status);
    await writesTogether([['payment_status', update], ...writes], sql`select 1`).execute(db(tx));
    return { ...payment, allocations };
  });
}
