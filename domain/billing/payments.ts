/**
 * Recording payments (docs/rules.md#consumer-accounts, docs/rules.md#bills-payments-and-compliance, docs/rules.md#notifications), settling pending ones
 * and reversing processed ones; a reference is unique across all accounts, so the same payment keyed in twice is refused.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type RawBuilder } from 'kysely';
import type { PaymentMethod, PaymentStatus } from '../common/enums.js';
import { Conflict, Invalid, NotFound } from '../common/errors.js';
import { assertCents } from '../common/money.js';
import { balanceMove, lockAccount, readMoneySnapshot, type MoneyAccount } from './account-balance.js';
import { deleteStaleAllocations, insertMissingAllocations, loadLedgers, reallocation, updateBalanceIfUnchanged, updateBalances, type AllocationChange, type Ledger } from './account-ledger.js';
import type { Allocation } from './allocation.js';
import { auditRow, type AuditEntry } from '../audit/audit.js';
import { notificationWrites } from '../notifications/notifications.js';
import { PAYMENT_ITEM_COLUMNS, toPaymentItem, type PaymentAllocationItem, type PaymentItem } from './profile-finance.js';
import type { Actor } from '../common/actor.js';
import { db, type Db } from '../common/database.js';
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
function checkBill(account: MoneyAccount, ledger: Ledger, billId: number | null | undefined): void {
  if (billId === null || billId === undefined || ledger.bills.some((b) => b.id === billId)) return;
  throw new Invalid(`Bill ${billId} is not a bill of ${account.accountNumber}.`, { billId: 'not a bill of this account' });
}

/** The ledger as it is once the payment has its status (a processed payment counts, a reversed one no longer does). */
function withPayment(ledger: Ledger, payment: PaymentItem): Ledger {
  const others = ledger.payments.filter((p) => p.id !== payment.id);
  if (payment.status !== 'processed') return { ...ledger, payments: others };
  return { ...ledger, payments: [...others, { id: payment.id, billId: payment.billId, paidAt: payment.paidAt, amountCents: payment.amountCents, status: 'processed' }] };
}

/** What a payment's status does to the account, as writes to send with the payment's own (domain/common/writes-together.ts). */
interface StatusEffects {
  writes: NamedWrite[];
  /** The payment's allocations once the writes are in. */
  allocations: PaymentAllocationItem[];
  /** Stored allocation rows the replay no longer gives: deleted by a statement of their own, before the writes. */
  stale: AllocationChange[];
  /**
   * The statement's closing select: with `unchangedSince` and a balance to move, the check that the update
   * found the row version it was written for (`expect_rows`, which fails the whole statement otherwise).
   */
  check: RawBuilder<unknown>;
}

/**
 * What the status means, applied once when a payment gets it: only a processed payment
 * lowers the balance; a processed one that fails (a reversal) raises it again; a failed
 * one tells the consumer (once per reference, through the outbox); a pending one waits
 * until it is marked processed or failed. The account's allocations follow with the same
 * statement (docs/rules.md#bills-payments-and-compliance). `entry` is the payment's own audit
 * entry. The balance moves last, so the dashboard's counter row it locks is held only until the
 * commit right after; with `unchangedSince` (an unlocked read), only if the account row is still
 * that version.
 */
function statusEffects(
  q: Db, account: MoneyAccount, ledger: Ledger, payment: PaymentItem, entry: AuditEntry, actor: Actor,
  options: { timeZone: string; was?: PaymentStatus; unchangedSince?: string },
): StatusEffects {
  const { timeZone, was, unchangedSince } = options;
  const writes: NamedWrite[] = [];
  let allocations: Allocation[] = [];
  let stale: AllocationChange[] = [];
  let balance: ReturnType<typeof balanceMove> | undefined;
  if (payment.status === 'processed' || was === 'processed') {
    const after = withPayment(ledger, payment);
    const replay = reallocation(after, timeZone);
    allocations = replay.expected.filter((a) => a.paymentId === payment.id);
    const changes = [{ accountId: account.id, stale: replay.stale, missing: replay.missing }];
    if (replay.stale.length) stale = changes;
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
  if (balance) {
    writes.push(['balance', unchangedSince === undefined ? updateBalances([balance.move]) : updateBalanceIfUnchanged(balance.move, unchangedSince)]);
  }
  const check = balance && unchangedSince !== undefined
    ? sql`select expect_rows((select count(*) from balance), 1, ${`account ${account.accountNumber}`})`
    : sql`select 1`;
  return {
    writes, stale, check,
    allocations: allocations.map(({ billId, amountCents, appliedOn }) => ({ billId, amountCents, appliedOn })),
  };
}

const auditShape = (p: PaymentItem, accountNumber: string) => ({ ...p, paidAt: p.paidAt.toISOString(), accountNumber });

/** A second payment with a reference already recorded: the unique index decides a race between two agents keying in the same one. */
function duplicateReference(error: unknown, reference: string): unknown {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code !== '23505' || constraint !== 'payment_reference_unique') return error;
  return new Conflict(`A payment with reference ${reference} is already recorded.`, { reason: 'duplicate', field: 'reference', reference });
}

/**
 * The failure `expect_rows` raises when the account row moved between the unlocked read and the write
 * (migrations/Migration20261202090000_expect_rows.ts), or the allocation index refusing a row the other
 * write stored first: either way the statement kept nothing and the payment is tried again.
 */
function movedMeanwhile(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '40001' || (code === '23505' && constraint === 'payment_allocation_payment_id_bill_id_unique');
}

/** A new payment of `account` with the id taken for it: the item, its insert and its audit entry. */
function newPayment(q: Db, account: MoneyAccount & { paymentId: number }, input: NewPayment, actor: Actor) {
  const payment: PaymentItem = {
    id: account.paymentId, paidAt: input.paidAt, reference: input.reference, amountCents: input.amountCents,
    method: input.method, status: input.status, billId: input.billId ?? null, allocations: [],
  };
  const insert = q.insertInto('payment').values({
    id: payment.id, account_id: account.id, bill_id: payment.billId, reference: payment.reference, paid_at: payment.paidAt,
    amount_cents: payment.amountCents, method: payment.method, status: payment.status, created_by_id: actor.userId, created_at: sql<Date>`now()`,
  });
  const entry: AuditEntry = { userId: actor.userId, userName: actor.name, action: 'payment.create', entity: 'payment', entityId: payment.reference, after: auditShape(payment, account.accountNumber) };
  return { payment, insert, entry };
}

/**
 * The fast way, two statements and no transaction: the account, its ledger and the payment's id read together
 * without the lock, then every write in one statement whose balance update applies only to the account row
 * as it was read. Null when another write moved the account meanwhile (the statement then kept nothing), or
 * when stale allocation rows must go first (a backdated payment), which needs the lock.
 */
async function recordUnlocked(em: EntityManager, accountNumber: string, input: NewPayment, actor: Actor, timeZone: string): Promise<PaymentItem | null> {
  const q = db(em);
  const { account, ledger, rowVersion } = await readMoneySnapshot(em, accountNumber);
  checkBill(account, ledger, input.billId);
  const { payment, insert, entry } = newPayment(q, account, input, actor);
  const effects = statusEffects(q, account, ledger, payment, entry, actor, { timeZone, unchangedSince: rowVersion });
  if (effects.stale.length) return null;
  const written = await writesTogether([['new_payment', insert], ...effects.writes], effects.check).execute(q).then(() => true, (error: unknown) => {
    if (movedMeanwhile(error)) return false;
    throw duplicateReference(error, input.reference);
  });
  return written ? { ...payment, allocations: effects.allocations } : null;
}

/** The sure way: in the account's row lock, the ledger read, the stale allocations deleted, then the payment's writes as one statement. */
function recordLocked(em: EntityManager, accountNumber: string, input: NewPayment, actor: Actor, timeZone: string): Promise<PaymentItem> {
  return em.transactional(async (tx) => {
    const account = await lockAccount(tx, accountNumber, { takePaymentId: true });
    const ledger = (await loadLedgers(tx, [account.id])).get(account.id) as Ledger;
    checkBill(account, ledger, input.billId);
    const { payment, insert, entry } = newPayment(db(tx), account, input, actor);
    const effects = statusEffects(db(tx), account, ledger, payment, entry, actor, { timeZone });
    await deleteStaleAllocations(tx, effects.stale);
    await writesTogether([['new_payment', insert], ...effects.writes], effects.check).execute(db(tx))
      .catch((error: unknown) => { throw duplicateReference(error, input.reference); });
    return { ...payment, allocations: effects.allocations };
  });
}

/** How many times a payment is tried the fast way before it waits for the account's lock. */
const UNLOCKED_ATTEMPTS = 3;

/**
 * Records a payment; `timeZone` is the utility's (config UTILITY_TIME_ZONE), for the day its allocations are dated.
 * Tried the fast way first (`recordUnlocked`); when the account keeps moving under it, or inside a caller's
 * transaction (where a failed statement would abort the caller's work), in the account's lock (`recordLocked`).
 */
export async function recordPayment(em: EntityManager, accountNumber: string, input: NewPayment, actor: Actor, timeZone: string): Promise<PaymentItem> {
  checkValues(input);
  for (let attempt = 0; attempt < UNLOCKED_ATTEMPTS && !em.isInTransaction(); attempt++) {
    const recorded = await recordUnlocked(em, accountNumber, input, actor, timeZone);
    if (recorded) return recorded;
  }
  return recordLocked(em, accountNumber, input, actor, timeZone);
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
    const effects = statusEffects(db(tx), account, ledger, payment, entry, actor, { timeZone, was: before.status });
    await deleteStaleAllocations(tx, effects.stale);
    await writesTogether([['payment_status', update], ...effects.writes], effects.check).execute(db(tx));
    return { ...payment, allocations: effects.allocations };
  });
}
