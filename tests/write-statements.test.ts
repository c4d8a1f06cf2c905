/**
 * What one write costs the database (issue 12's write targets): a payment with its allocation, balance and
 * audit, its settlement, and a reading with its checks, each in a handful of statements (BEGIN and COMMIT
 * included) whatever the account's history: a read, then every write as one statement (domain/common/writes-together.ts).
 * The first path read the history four times and wrote row by row.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { recordPayment, settlePayment } from '../domain/billing/payments.js';
import { enterReading } from '../domain/readings/reading-verification.js';
import { db } from '../domain/common/database.js';
import { captureStatements } from '../scripts/bench/load/sql-replay.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertAccountFixture } from './support/account-fixture.js';
import { TEST_TIME_ZONE, utilityDaysAgo } from './support/time-zone.js';

let database: TestDatabase;
const actor = { userId: null, name: 'Statement counter' };
test.before(async () => { database = await createTestDatabase('write_statements'); });
test.after(async () => { await database.drop(); });

async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  return (await captureStatements(async () => { await work(); })).map((s) => s.text);
}

test('a processed payment: the account with its ledger, then payment, allocations, audit and balance as one statement (2 statements, no BEGIN/COMMIT)', async () => {
  const account = await insertAccountFixture(database.orm, { accountNumber: 'WU-63001', months: 12, records: false });
  const payment = () => recordPayment(database.orm.em.fork(), account.accountNumber, {
    paidAt: new Date(), reference: `STMT-${Math.random()}`, amountCents: 12_345, method: 'cash', status: 'processed',
  }, actor, TEST_TIME_ZONE);
  await payment(); // warm
  const statements = await statementsOf(payment);
  assert.is(statements.length, 2, `${statements.length} statements:\n${statements.join('\n')}`);
});

test('settling a pending payment: find, lock, payment, ledger and its writes as one statement (≤ 7 with BEGIN/COMMIT)', async () => {
  const account = await insertAccountFixture(database.orm, { accountNumber: 'WU-63002', months: 12, records: false });
  const pendingPayment = (reference: string) => recordPayment(database.orm.em.fork(), account.accountNumber, {
    paidAt: new Date(), reference, amountCents: 5_000, method: 'cash', status: 'pending',
  }, actor, TEST_TIME_ZONE);
  const settle = (id: number) => settlePayment(database.orm.em.fork(), id, 'processed', actor, { timeZone: TEST_TIME_ZONE });
  await settle((await pendingPayment('STMT-WARM')).id); // warm: the first transaction of the pool checks the database once
  const pending = await pendingPayment('STMT-PENDING');
  const statements = await statementsOf(() => settle(pending.id));
  assert.ok(statements.length <= 7, `${statements.length} statements:\n${statements.join('\n')}`);
  const stored = await db(database.orm.em).selectFrom('payment_allocation').select('amount_cents').where('payment_id', '=', pending.id).execute();
  assert.is(stored.reduce((s, a) => s + a.amount_cents, 0) > 0, true);
});

test('an unflagged reading: meter with its history in one read, then reading and audit as one statement (2 statements)', async () => {
  const account = await insertAccountFixture(database.orm, { accountNumber: 'WU-63003', months: 12, records: false });
  const meter = await db(database.orm.em).selectFrom('meter').select(['meter_number']).where('id', '=', account.meterId).executeTakeFirstOrThrow();
  const last = await db(database.orm.em).selectFrom('reading').select(['value']).where('meter_id', '=', account.meterId).orderBy('read_at', 'desc').executeTakeFirstOrThrow();
  const statements = await statementsOf(() => enterReading(database.orm.em.fork(), meter.meter_number, { readAt: utilityDaysAgo(0), value: last.value + 1 }, actor, TEST_TIME_ZONE));
  assert.is(statements.length, 2, `${statements.length} statements:\n${statements.join('\n')}`);
});

test.run();
