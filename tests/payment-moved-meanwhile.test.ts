/**
 * A payment is recorded without the account's row lock (domain/billing/payments.ts): its writes go as one
 * statement that applies only to the account row as it was read. Here another write moves the account
 * between that read and the write, deterministically: the test holds the row lock, waits until the
 * payment's statement queues behind it, moves the balance and commits. The payment must then be tried
 * again and land once, its audit "before" being the balance as the other write left it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { lockAccount } from '../domain/billing/account-balance.js';
import { writeBalanceMoves } from '../domain/billing/account-ledger.js';
import { recordPayment } from '../domain/billing/payments.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertAccountFixture } from './support/account-fixture.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';

let database: TestDatabase;
const actor = { userId: null, name: 'Race' };
test.before(async () => { database = await createTestDatabase('payment_moved_meanwhile'); });
test.after(async () => { await database.drop(); });

const q = () => db(database.orm.em.fork());
const balanceOf = async (id: number) => (await q().selectFrom('account').select('balance_cents').where('id', '=', id).executeTakeFirstOrThrow()).balance_cents;

/** Waits until a statement of this database waits for a row lock (the payment's write behind the test's lock). */
async function untilAStatementWaitsForALock(): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    const { rows: [{ waiting }] } = await sql<{ waiting: number }>`select count(*)::int as waiting from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(q());
    if (waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no statement waited for the lock');
}

test('a payment whose account moved between its read and its write is tried again and lands once, on the new state', async () => {
  const account = await insertAccountFixture(database.orm, { accountNumber: 'WU-64001', months: 6, records: false });
  const start = await balanceOf(account.id);
  const reference = 'RACE-1';
  let recording: Promise<unknown> = Promise.resolve();
  await database.orm.em.fork().transactional(async (tx) => {
    const held = await lockAccount(tx, account.accountNumber);
    recording = recordPayment(database.orm.em.fork(), account.accountNumber, { paidAt: new Date(), reference, amountCents: 1_000, method: 'cash', status: 'processed' }, actor, TEST_TIME_ZONE);
    await untilAStatementWaitsForALock();
    await writeBalanceMoves(tx, [{ accountId: account.id, deltaCents: 250, overdueSince: held.overdueSince, lastBillingDate: held.lastBillingDate }]);
  });
  await recording;
  assert.is(await balanceOf(account.id), start + 250 - 1_000);
  assert.is((await q().selectFrom('payment').select('id').where('reference', '=', reference).execute()).length, 1);
  const audits = await q().selectFrom('audit_log').select(['action', 'before']).where((eb) => eb.or([
    eb('entity_id', '=', reference), eb.and([eb('action', '=', 'account.balance'), eb('entity_id', '=', account.accountNumber)]),
  ])).execute();
  assert.equal(audits.map((a) => a.action).sort(), ['account.balance', 'payment.create'], 'the first try kept no row');
  const balanceEntry = audits.find((a) => a.action === 'account.balance')?.before as { balanceCents: number } | undefined;
  assert.is(balanceEntry?.balanceCents, start + 250, 'the write that landed read the account after the other write');
});

test('inside a caller\'s transaction, a payment waits for the lock instead (a failed statement would abort the caller)', async () => {
  const account = await insertAccountFixture(database.orm, { accountNumber: 'WU-64002', months: 3, records: false });
  const start = await balanceOf(account.id);
  await database.orm.em.fork().transactional(async (tx) => {
    await recordPayment(tx, account.accountNumber, { paidAt: new Date(), reference: 'IN-TX-1', amountCents: 700, method: 'cash', status: 'processed' }, actor, TEST_TIME_ZONE);
    await recordPayment(tx, account.accountNumber, { paidAt: new Date(), reference: 'IN-TX-2', amountCents: 300, method: 'cash', status: 'processed' }, actor, TEST_TIME_ZONE);
  });
  assert.is(await balanceOf(account.id), start - 1_000);
});

test.run();
