/**
 * Property: whatever bills, payments, settlements and refused repeats an account sees, its stored
 * balance equals bills minus processed payments after every step, as the rules and the dashboard agree. Seeded.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { PAYMENT_METHODS, type PaymentStatus } from '../domain/common/enums.js';
import { Conflict } from '../domain/common/errors.js';
import { computeBalance } from '../domain/billing/balance.js';
import { importBill } from '../domain/billing/bills.js';
import { recordPayment, settlePayment } from '../domain/billing/payments.js';
import { Rng } from '../scripts/seed/prng.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';

/** The utility's zone the writes and the check both read "today" in. */
const TZ = 'America/Chicago';
const SEED = Number(process.env.PROPERTY_SEED ?? 20261128);
const ACCOUNTS = 12;
const STEPS = 80;
const actor = { userId: null, name: 'property test' };
let database: TestDatabase;

test.before(async () => { database = await createTestDatabase('balance_property'); });
test.after(async () => { await database.drop(); });

const em = () => database.orm.em.fork();
const query = () => db(database.orm.em);
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86400_000).toISOString().slice(0, 10);

interface Model { billed: number; paid: number; pending: number[]; months: number; references: string[]; bills: number[] }

async function storedAndSources(accountId: number) {
  const row = await query().selectFrom('account')
    .select((eb) => [
      'balance_cents',
      eb.fn.coalesce(
        eb.selectFrom('bill').select((bill) => bill.fn.sum<string>('amount_cents').as('sum')).whereRef('account_id', '=', 'account.id'),
        sql<string>`0`,
      ).as('billed'),
      eb.fn.coalesce(
        eb.selectFrom('payment').select((payment) => payment.fn.sum<string>('amount_cents').as('sum'))
          .whereRef('account_id', '=', 'account.id').where('status', '=', 'processed'),
        sql<string>`0`,
      ).as('paid'),
    ])
    .where('account.id', '=', accountId).executeTakeFirstOrThrow();
  return { stored: row.balance_cents, billed: Number(row.billed), paid: Number(row.paid) };
}

/** One random step on one account, applied to the database and to the model. */
async function step(rng: Rng, account: { id: number; accountNumber: string }, model: Model, tag: string): Promise<void> {
  const roll = rng.next();
  if (roll < 0.3) {
    model.months += 1;
    const bill = { periodStart: day(model.months * 31 + 30), periodEnd: day(model.months * 31 + 1), issuedAt: day(model.months * 31), dueDate: day(model.months * 31 - 20), amountCents: rng.int(0, 90_000), usage: rng.int(0, 9000) };
    const { bill: saved } = await importBill(em(), account.accountNumber, bill, actor, TEST_TIME_ZONE);
    model.billed += bill.amountCents;
    model.bills.push(saved.id);
    if (rng.chance(0.2)) await importBill(em(), account.accountNumber, bill, actor, TEST_TIME_ZONE); // the same bill again changes nothing
  } else if (roll < 0.75) {
    const status = rng.weighted<PaymentStatus>({ processed: 6, pending: 3, failed: 1 });
    const reference = `${tag}-${model.references.length}`;
    const amountCents = rng.int(1, 120_000);
    const billId = model.bills.length && rng.chance(0.5) ? rng.pick(model.bills) : undefined;
    const payment = await recordPayment(em(), account.accountNumber,
      { paidAt: new Date(Date.now() - rng.int(0, 400) * 86400_000), reference, amountCents, method: rng.pick(PAYMENT_METHODS), status, billId }, actor, TEST_TIME_ZONE);
    model.references.push(reference);
    if (status === 'processed') model.paid += amountCents;
    if (status === 'pending') model.pending.push(payment.id);
  } else if (roll < 0.9 && model.pending.length) {
    const id = model.pending.splice(rng.int(0, model.pending.length - 1), 1)[0];
    const outcome = rng.chance(0.7) ? 'processed' : 'failed';
    const settled = await settlePayment(em(), id, outcome, actor, { timeZone: TEST_TIME_ZONE });
    if (outcome === 'processed') model.paid += settled.amountCents;
  } else if (model.references.length) {
    const reference = rng.pick(model.references);
    try {
      await recordPayment(em(), account.accountNumber, { paidAt: new Date(), reference, amountCents: 500, method: 'cash', status: 'processed' }, actor, TEST_TIME_ZONE);
      assert.unreachable('a repeated reference must be refused');
    } catch (error) {
      assert.instance(error, Conflict);
    }
  }
}

test('a random sequence of bills and payments leaves balance = bills − processed payments, after every step', async () => {
  const rng = new Rng(SEED);
  for (let a = 0; a < ACCOUNTS; a++) {
    const account = await insertMinimalAccount(database.orm);
    const model: Model = { billed: 0, paid: 0, pending: [], months: 0, references: [], bills: [] };
    for (let s = 0; s < STEPS; s++) {
      await step(rng, account, model, `P${SEED}-${a}`);
      const state = await storedAndSources(account.id);
      const context = `seed ${SEED}, account ${a}, step ${s}`;
      assert.is(state.stored, state.billed - state.paid, context);
      assert.is(state.stored, model.billed - model.paid, context);
    }
  }
});

test('steps racing on one account still add up to the cent (the account row serialises them)', async () => {
  const rng = new Rng(SEED + 1);
  const account = await insertMinimalAccount(database.orm);
  const model: Model = { billed: 0, paid: 0, pending: [], months: 0, references: [], bills: [] };
  for (let round = 0; round < 10; round++) {
    const batch = Array.from({ length: 8 }, (_, i) => {
      const amountCents = rng.int(1, 50_000);
      const status = rng.weighted<PaymentStatus>({ processed: 3, pending: 1, failed: 1 });
      if (status === 'processed') model.paid += amountCents;
      return recordPayment(em(), account.accountNumber, { paidAt: new Date(), reference: `R${SEED}-${round}-${i}`, amountCents, method: 'ach', status }, actor, TEST_TIME_ZONE);
    });
    model.months += 1;
    const amountCents = rng.int(0, 90_000);
    model.billed += amountCents;
    batch.push(importBill(em(), account.accountNumber, { periodStart: day(model.months * 31 + 30), periodEnd: day(model.months * 31 + 1), issuedAt: day(model.months * 31), dueDate: day(model.months * 31 - 20), amountCents, usage: 100 }, actor, TEST_TIME_ZONE) as never);
    await Promise.all(batch);
    const state = await storedAndSources(account.id);
    assert.is(state.stored, model.billed - model.paid, `round ${round}`);
    assert.is(state.stored, state.billed - state.paid, `round ${round}`);
  }
});

test('the rules agree with every stored balance and overdue date, and the dashboard total is their sum', async () => {
  const accounts = await query().selectFrom('account').select(['id', 'balance_cents', 'overdue_since']).execute();
  for (const account of accounts) {
    const [bills, payments] = await Promise.all([
      query().selectFrom('bill').select(['issued_at', 'due_date', 'amount_cents']).where('account_id', '=', account.id).execute(),
      query().selectFrom('payment').select(['paid_at', 'amount_cents', 'status']).where('account_id', '=', account.id).execute(),
    ]);
    const balance = computeBalance({
      asOf: new Date(), timeZone: TZ,
      bills: bills.map((b) => ({ issuedAt: new Date(`${b.issued_at}T00:00:00Z`), dueDate: new Date(`${b.due_date}T00:00:00Z`), amountCents: b.amount_cents })),
      payments: payments.map((p) => ({ paidAt: p.paid_at, amountCents: p.amount_cents, status: p.status })),
      adjustments: [],
    });
    assert.is(account.balance_cents, balance.balanceCents, `account ${account.id}`);
    assert.is(account.overdue_since, balance.overdueSince ? balance.overdueSince.toISOString().slice(0, 10) : null, `overdue since, account ${account.id}`);
  }
  const totals = await query().selectNoFrom((eb) => [
    eb.selectFrom('account_tally').select((tally) => tally.fn.sum<string>('balance_cents').as('sum')).as('tally'),
    eb.selectFrom('account').select((account) => account.fn.sum<string>('balance_cents').as('sum')).as('accounts'),
  ]).executeTakeFirstOrThrow();
  assert.is(Number(totals.tally), Number(totals.accounts));
});

test.run();
