/**
 * The batch bill import (import:bills) ends in exactly the state of importing the same file one bill at a time
 * through `importBill`: bills, allocations (credit taken, history re-derived by an old bill), balances and
 * derived dates, audit rows and the dashboard counters; bad rows, duplicates and a rerun included. Two
 * databases get the same accounts in the same order, one path each, and their states are compared.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { importBillsCsv } from '../domain/billing/bill-import.js';
import { importBill, type NewBill } from '../domain/billing/bills.js';
import { recordPayment } from '../domain/billing/payments.js';
import { db } from '../domain/common/database.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertAccountFixture } from './support/account-fixture.js';
import { TEST_TIME_ZONE, utilityDaysAgo } from './support/time-zone.js';

let oneByOne: TestDatabase;
let batched: TestDatabase;
/** The same file in batches of two rows, several loading at once: an account's rows span batches. */
let pipelined: TestDatabase;
const actor = { userId: null, name: 'bill import (twins.csv)' };
const ACCOUNTS = ['WU-61001', 'WU-61002', 'WU-61003', 'WU-61004'];
const asOf = new Date(`${utilityDaysAgo(3)}T18:00:00Z`);

/** The same accounts, in the same order (so the same ids), in both databases; the third has a credit. */
async function setUp(database: TestDatabase): Promise<void> {
  for (const accountNumber of ACCOUNTS) await insertAccountFixture(database.orm, { accountNumber, asOf, months: 6, records: false });
  await recordPayment(database.orm.em.fork(), ACCOUNTS[2], {
    paidAt: new Date(`${utilityDaysAgo(2)}T15:00:00Z`), reference: 'TWIN-CREDIT', amountCents: 500_000, method: 'cash', status: 'processed',
  }, actor, TEST_TIME_ZONE);
}

test.before(async () => {
  [oneByOne, batched, pipelined] = await Promise.all([
    createTestDatabase('bill_batch_one'), createTestDatabase('bill_batch_many'), createTestDatabase('bill_batch_pipelined'),
  ]);
  await setUp(oneByOne);
  await setUp(batched);
  await setUp(pipelined);
});
test.after(async () => {
  await Promise.all([oneByOne.drop(), batched.drop(), pipelined.drop()]);
});

const bill = (periodStart: string, periodEnd: string, issuedAt: string, dueDate: string, amountCents: number, usage = 100): NewBill =>
  ({ periodStart, periodEnd, issuedAt, dueDate, amountCents, usage });
const current = bill(utilityDaysAgo(30), utilityDaysAgo(2), utilityDaysAgo(1), utilityDaysAgo(-20), 4_200);
const ancient = bill('1995-03-01', '1995-03-28', '1995-03-28', '1995-04-20', 7_700);

/** Rows that reach `importBill` (the field-level bad ones never do), in file order. */
const ROWS: [string, NewBill][] = [
  [ACCOUNTS[0], ancient], // re-derives the whole history's allocations
  [ACCOUNTS[1], current],
  [ACCOUNTS[0], current], // second row of an account: the next round
  [ACCOUNTS[2], current], // takes the credit
  [ACCOUNTS[1], current], // the same bill again: already imported
  [ACCOUNTS[1], { ...current, amountCents: 9_999 }], // a different bill for a billed period: rejected
  ['WU-99999', current], // no such account
  [ACCOUNTS[3], { ...current, dueDate: utilityDaysAgo(10) }], // due before issued: rejected
  [ACCOUNTS[3], ancient],
];
const csvLine = ([n, b]: [string, NewBill]) => [n, b.periodStart, b.periodEnd, b.issuedAt, b.dueDate, b.amountCents, b.usage].join(',');
const CSV = ['accountNumber,periodStart,periodEnd,issuedAt,dueDate,amountCents,usage', ...ROWS.map(csvLine), `${ACCOUNTS[3]},x,y,z,w,1,1`].join('\n');

/** Everything a bill import writes, with bill ids named by (account, period) and the moments of writing left out. */
async function state(database: TestDatabase) {
  const q = db(database.orm.em);
  const bills = await q.selectFrom('bill').select(['id', 'account_id', 'period_start', 'period_end', 'issued_at', 'due_date', 'amount_cents', 'usage'])
    .orderBy('account_id').orderBy('period_start').execute();
  const key = new Map(bills.map((b) => [b.id, `${b.account_id}/${b.period_start}`]));
  const named = (text: string) => text.replace(/bill (\d+) for/g, (_, id) => `bill ${key.get(Number(id))} for`);
  const allocations = (await q.selectFrom('payment_allocation').select(['account_id', 'payment_id', 'bill_id', 'amount_cents', 'applied_on']).execute())
    .map((a) => `${a.account_id} ${a.payment_id} ${key.get(a.bill_id)} ${a.amount_cents} ${a.applied_on}`).sort();
  const accounts = await q.selectFrom('account').select(['id', 'balance_cents', 'overdue_since', 'last_billing_date', 'version']).orderBy('id').execute();
  const audits = (await q.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'user_name', 'before', 'after']).execute())
    .map((a) => named(JSON.stringify({ ...a, entity_id: a.entity === 'bill' ? key.get(Number(a.entity_id)) : a.entity_id }))).sort();
  const tally = (await sql<Record<string, unknown>>`select * from account_tally where accounts <> 0 order by 1, 2, 3, 4, 5`.execute(q)).rows;
  return { bills: bills.map(({ id: _, ...b }) => b), allocations, accounts, audits, tally };
}

test('the batch import leaves the state of importing row by row, and a rerun changes nothing', async () => {
  const outcomes: string[] = [];
  for (const [accountNumber, input] of ROWS) {
    try {
      outcomes.push((await importBill(oneByOne.orm.em.fork(), accountNumber, input, actor, TEST_TIME_ZONE)).created ? 'loaded' : 'already');
    } catch {
      outcomes.push('rejected');
    }
  }
  const report = await importBillsCsv(batched.orm.em.fork(), Readable.from([CSV]), actor, TEST_TIME_ZONE);
  assert.equal([report.loaded, report.alreadyImported], [outcomes.filter((o) => o === 'loaded').length, outcomes.filter((o) => o === 'already').length]);
  assert.equal(report.rejected.map((r) => r.line), [7, 8, 9, 11]);
  assert.match(report.rejected[0].reason, 'different bill');
  assert.match(report.rejected[1].reason, 'WU-99999 was not found');
  assert.match(report.rejected[2].reason, 'dueDate');

  const expected = await state(oneByOne);
  assert.ok(expected.allocations.length > 0);
  assert.equal(await state(batched), expected);

  const again = await importBillsCsv(batched.orm.em.fork(), Readable.from([CSV]), actor, TEST_TIME_ZONE);
  assert.equal([again.loaded, again.alreadyImported, again.rejected.length], [0, report.loaded + report.alreadyImported, 4]);
  assert.equal(await state(batched), expected);
});

test('batches of two rows, four loading at once, leave the same state: a later row of an account waits for its earlier batch', async () => {
  const report = await importBillsCsv(pipelined.orm.em.fork(), Readable.from([CSV]), actor, TEST_TIME_ZONE, { batchRows: 2, batchesAtOnce: 4 });
  // Line 7, the different bill for a billed period, is refused (not line 3, the bill it conflicts with).
  assert.equal(report.rejected.map((r) => r.line), [7, 8, 9, 11]);
  assert.equal(await state(pipelined), await state(oneByOne));
});

test('a number of batches at once outside 1 to 16 is refused before any row is read', async () => {
  const before = await state(pipelined);
  for (const batchesAtOnce of [0, 17, 1.5, Number.NaN]) {
    await importBillsCsv(pipelined.orm.em.fork(), Readable.from([CSV]), actor, TEST_TIME_ZONE, { batchesAtOnce })
      .then(() => assert.unreachable(`${batchesAtOnce} was taken`), (error) => assert.match(String(error), 'Batches at once must be a whole number from 1 to 16'));
  }
  assert.equal(await state(pipelined), before);
});

test('a batch takes a few statements, not a transaction per row', async () => {
  const { orm } = batched;
  const numbers = [];
  for (let i = 0; i < 30; i++) numbers.push((await insertAccountFixture(orm, { accountNumber: `WU-62${String(i).padStart(3, '0')}`, asOf, months: 2, records: false })).accountNumber);
  const lines = numbers.map((n) => csvLine([n, bill('1996-01-01', '1996-01-28', '1996-01-28', '1996-02-20', 1_000)]));
  const report = await importBillsCsv(orm.em.fork(), Readable.from([['accountNumber,periodStart,periodEnd,issuedAt,dueDate,amountCents,usage', ...lines].join('\n')]), actor, TEST_TIME_ZONE);
  assert.is(report.loaded, 30);
  // xmin names the writing transaction: the 30 bills and their audit rows came from one, where row by row took 30.
  const writers = await sql<{ bills: number; audits: number }>`select
      (select count(distinct xmin::text)::int from bill where period_start = '1996-01-01') as bills,
      (select count(distinct xmin::text)::int from audit_log where action = 'bill.create' and after->>'periodStart' = '1996-01-01') as audits`.execute(db(orm.em));
  assert.equal(writers.rows[0], { bills: 1, audits: 1 });
});

test.run();
