/**
 * The CSV billing run: valid rows load (balance and audit included), bad rows are
 * reported with their line numbers, a rerun loads nothing twice; and the npm script
 * end to end on a generated file.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { importBillsCsv } from '../domain/billing/bill-import.js';
import { db } from '../domain/common/database.js';
import { outputOf, spawnTs } from '../scripts/lib/processes.js';
import { Rng } from '../scripts/seed/prng.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';

let database: TestDatabase;
let dir: string;
test.before(async () => {
  database = await createTestDatabase('bill_import');
  dir = mkdtempSync(path.join(os.tmpdir(), 'cistern-bills-'));
});
test.after(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

const actor = { userId: null, name: 'bill import (test.csv)' };
const query = () => db(database.orm.em);
const run = (text: string) => importBillsCsv(database.orm.em.fork(), Readable.from([text]), actor, TEST_TIME_ZONE);
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86400_000).toISOString().slice(0, 10);
const HEADER = 'accountNumber,periodStart,periodEnd,issuedAt,dueDate,amountCents,usage';
const balances = async (ids: number[]) =>
  (await query().selectFrom('account').select('balance_cents').where('id', 'in', ids).orderBy('id').execute()).map((r) => r.balance_cents);

test('valid rows load, bad rows are reported by line, and a rerun loads nothing twice', async () => {
  const a = await insertMinimalAccount(database.orm);
  const b = await insertMinimalAccount(database.orm);
  const lines = [
    HEADER,
    `${a.accountNumber},${day(90)},${day(61)},${day(60)},${day(40)},10000,4000`, // 2 ok
    `${b.accountNumber.toLowerCase()},${day(90)},${day(61)},${day(60)},${day(40)},2500,1200`, // 3 ok (number as typed)
    '', // 4 blank: skipped
    `${a.accountNumber},${day(60)},${day(31)},${day(30)},${day(10)},12.50,4100`, // 5 amount not cents
    `WU-99999,${day(60)},${day(31)},${day(30)},${day(10)},100,1`, // 6 unknown account
    `${a.accountNumber},${day(60)},${day(31)},${day(30)},${day(40)},100,1`, // 7 due before issued
    `${b.accountNumber},${day(60)},${day(31)}`, // 8 too few columns
    `not-a-number,2026-13-45,${day(31)},${day(30)},${day(10)},100,1`, // 9 two bad fields
    `${a.accountNumber},${day(60)},${day(31)},${day(30)},${day(10)},11000,4100`, // 10 ok
    `${a.accountNumber},${day(90)},${day(61)},${day(60)},${day(40)},99999,4000`, // 11 a different bill for a billed period
    `${b.accountNumber},${day(30)},${day(1)},${day(0)},${day(-20)},100,2147483648`, // 12 usage beyond its int4 column
  ];
  const report = await run(`${lines.join('\n')}\n`);
  assert.is(report.loaded, 3);
  assert.is(report.alreadyImported, 0);
  assert.is(report.rows, 10);
  assert.equal(report.rejected.map((r) => r.line), [5, 6, 7, 8, 9, 11, 12]);
  assert.match(report.rejected[0].reason, 'amountCents');
  assert.match(report.rejected[1].reason, 'WU-99999 was not found');
  assert.match(report.rejected[2].reason, 'dueDate');
  assert.match(report.rejected[3].reason, 'Invalid Record Length');
  assert.match(report.rejected[4].reason, 'accountNumber');
  assert.match(report.rejected[4].reason, 'periodStart');
  assert.match(report.rejected[5].reason, 'different bill');
  assert.match(report.rejected[6].reason, 'usage');
  assert.equal(await balances([a.id, b.id]), [21_000, 2_500]);
  const audited = await query().selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n'))
    .where('action', '=', 'bill.create').where('user_name', '=', actor.name).executeTakeFirstOrThrow();
  assert.is(audited.n, 3);

  const again = await run(`${lines.join('\n')}\n`);
  assert.equal([again.loaded, again.alreadyImported, again.rejected.length], [0, 3, 7]);
  assert.equal(await balances([a.id, b.id]), [21_000, 2_500]);
});

test('days outside the years 1900–2999 and amounts above the cap are refused by line; the rest of the run loads', async () => {
  const a = await insertMinimalAccount(database.orm);
  const b = await insertMinimalAccount(database.orm);
  const lines = [
    HEADER,
    `${a.accountNumber},0000-01-01,${day(61)},${day(60)},${day(40)},1000,1`, // 2 no year 0 (PostgreSQL refused it and stopped the run)
    `${a.accountNumber},${day(90)},${day(61)},${day(60)},9999-12-31,1000,1`, // 3 a due date no one means
    `${a.accountNumber},${day(90)},${day(61)},${day(60)},${day(40)},1000000000001,1`, // 4 above MAX_AMOUNT_CENTS
    `${b.accountNumber},${day(90)},${day(61)},${day(60)},${day(40)},1000000000000,1`, // 5 the cap itself: loads
    `${a.accountNumber},${day(90)},${day(61)},${day(60)},${day(40)},4200,1`, // 6 ok
  ];
  const report = await run(`${lines.join('\n')}\n`);
  assert.equal(report.rejected.map((r) => [r.line, r.reason.split(':')[0]]), [[2, 'periodStart'], [3, 'dueDate'], [4, 'amountCents']]);
  assert.match(report.rejected[0].reason, 'years 1900 to 2999');
  assert.is(report.loaded, 2);
  assert.equal(await balances([a.id, b.id]), [4_200, 1_000_000_000_000]);
});

test('a header without the needed columns loads nothing', async () => {
  const a = await insertMinimalAccount(database.orm);
  let error: unknown;
  try {
    await run(`accountNumber,periodStart,amount\n${a.accountNumber},${day(30)},100\n`);
  } catch (e) {
    error = e;
  }
  assert.match(String((error as Error)?.message), 'periodEnd');
  assert.equal(await balances([a.id]), [0]);
});

test('a generated billing run of many accounts loads in full; every balance is its bills', async () => {
  const rng = new Rng(4242);
  const accounts = [];
  for (let i = 0; i < 40; i++) accounts.push(await insertMinimalAccount(database.orm));
  const expected = new Map<number, number>();
  const rows = [HEADER];
  for (let month = 6; month >= 1; month--) {
    for (const account of accounts) {
      const cents = rng.int(0, 40_000);
      expected.set(account.id, (expected.get(account.id) ?? 0) + cents);
      rows.push([account.accountNumber, day(month * 31 + 30), day(month * 31 + 1), day(month * 31), day(month * 31 - 20), cents, rng.int(0, 8000)].join(','));
    }
  }
  const report = await run(rows.join('\r\n'));
  assert.equal([report.loaded, report.rejected.length], [240, 0]);
  const ids = accounts.map((a) => a.id).sort((x, y) => x - y);
  assert.equal(await balances(ids), ids.map((id) => expected.get(id)));
});

async function runScript(file: string, ...flags: string[]): Promise<{ code: number; out: string }> {
  const { code, output } = await outputOf(spawnTs('scripts/import-bills.ts', [file, ...flags, '--database-url', database.url], {}, 'pipe'));
  return { code, out: output };
}

test('npm run import:bills reports each bad line and exits 65; a clean file exits 0', async () => {
  const a = await insertMinimalAccount(database.orm);
  const bad = path.join(dir, 'run.csv');
  writeFileSync(bad, `\ufeff${HEADER}\n${a.accountNumber},${day(40)},${day(11)},${day(10)},${day(0)},4321,10\n${a.accountNumber},x,${day(11)},${day(10)},${day(0)},1,1\n`);
  const first = await runScript(bad);
  assert.is(first.code, 65, first.out);
  assert.match(first.out, '2 rows: 1 loaded, 0 already imported, 1 rejected');
  assert.match(first.out, `line 3 (${a.accountNumber}): periodStart`);
  const good = path.join(dir, 'good.csv');
  writeFileSync(good, `${HEADER}\n${a.accountNumber},${day(40)},${day(11)},${day(10)},${day(0)},4321,10\n`);
  const refused = await runScript(good, '--batches', '0');
  assert.is(refused.code, 64, refused.out);
  assert.match(refused.out, '--batches: Batches at once must be a whole number from 1 to 16, got 0.');
  const second = await runScript(good, '--batches', '3');
  assert.is(second.code, 0, second.out);
  assert.match(second.out, '1 rows: 0 loaded, 1 already imported, 0 rejected');
  assert.equal(await balances([a.id]), [4321]);
  assert.is((await runScript(path.join(dir, 'missing.csv'))).code, 66);
});

test.run();
