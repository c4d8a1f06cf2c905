/**
 * The import bench's file and its floor (bill-import-load.ts, bill-import-floor.ts): the rows the bench keeps
 * are the rows the CSV holds, and the floor loads every one of them and leaves the database as it found it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createReadStream } from 'node:fs';
import { sql } from 'kysely';
import { db } from '../../../domain/common/database.js';
import { importBillsCsv } from '../../../domain/billing/bill-import.js';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/database.js';
import { insertAccountFixture } from '../../../tests/support/account-fixture.js';
import { TEST_TIME_ZONE, utilityDaysAgo } from '../../../tests/support/time-zone.js';
import { writeImportFile } from './bill-import-load.js';
import { importFloor } from './bill-import-floor.js';

let database: TestDatabase;
const ACCOUNTS = ['WU-62001', 'WU-62002', 'WU-62003'];
const today = utilityDaysAgo(0);

test.before(async () => {
  database = await createTestDatabase('bill_import_floor');
  for (const accountNumber of ACCOUNTS) {
    await insertAccountFixture(database.orm, { accountNumber, asOf: new Date(`${utilityDaysAgo(3)}T18:00:00Z`), months: 4, records: false });
  }
});
test.after(async () => { await database.drop(); });

/** Everything a loaded bill changes: bills, audit rows, balances and versions, the dashboard's counters. */
async function state() {
  const { rows } = await sql<{ bills: string; audits: string; balances: string; versions: string; tally: string }>`select
      (select count(*) from bill) as bills, (select count(*) from audit_log) as audits,
      (select string_agg(balance_cents::text || ':' || coalesce(overdue_since::text, '-') || ':' || coalesce(last_billing_date::text, '-'), ',' order by id) from account) as balances,
      (select string_agg(version::text, ',' order by id) from account) as versions,
      (select string_agg(to_jsonb(t)::text, ',' order by to_jsonb(t)::text) from account_tally t) as tally`.execute(db(database.orm.em.fork()));
  return rows[0];
}

test('the floor loads every row of a billing run, twice over, and leaves nothing behind', async () => {
  const before = await state();
  const { rows } = await writeImportFile(database.orm.em.fork(), 10, 'billing run', today);
  assert.is(rows.length, ACCOUNTS.length, 'one row per account');
  for (let i = 0; i < 2; i++) {
    const floor = await importFloor(database.orm, rows, TEST_TIME_ZONE);
    assert.equal({ rows: floor.rows, loaded: floor.loaded }, { rows: 3, loaded: 3 }, `floor run ${i + 1} loads every row (none was left billed by the one before)`);
    assert.equal(await state(), before, 'rolled back: bills, audit, balances and counters as before');
  }
});

test('the rows the bench keeps are the rows its CSV holds: the import loads exactly those bills', async () => {
  const { file, rows } = await writeImportFile(database.orm.em.fork(), 10, 'billing run', today);
  const report = await importBillsCsv(database.orm.em.fork(), createReadStream(file), { userId: null, name: 'bench file test' }, TEST_TIME_ZONE);
  assert.equal({ rows: report.rows, loaded: report.loaded, rejected: report.rejected }, { rows: 3, loaded: 3, rejected: [] });
  const bills = await sql<{ account_number: string; period_start: string; period_end: string; issued_at: string; due_date: string; amount_cents: string; usage: number }>`
    select a.account_number, b.period_start::text, b.period_end::text, b.issued_at::text, b.due_date::text, b.amount_cents::text, b.usage
      from bill b join account a on a.id = b.account_id where b.issued_at = ${today}::date order by a.id`.execute(db(database.orm.em.fork()));
  assert.equal(bills.rows.map((b) => [b.account_number, b.period_start, b.period_end, b.issued_at, b.due_date, Number(b.amount_cents), b.usage]),
    rows.map((r) => [r.accountNumber, r.bill.periodStart, r.bill.periodEnd, r.bill.issuedAt, r.bill.dueDate, r.bill.amountCents, r.bill.usage]));
});

test.run();
