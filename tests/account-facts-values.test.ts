/**
 * The facts' dates and instants arrive from PostgreSQL as numbers (day numbers for `date` columns,
 * microseconds for `timestamptz`: domain/accounts/account-facts.ts), and must be the very Dates the
 * columns' own values are: by the profile's one-statement JSON and by the nightly run's chunk
 * selections alike, to the millisecond.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { asDate } from '../domain/common/sql-values.js';
import { loadAccountFacts, type AccountFacts } from '../domain/accounts/account-facts.js';
import { findAccountRecord } from '../domain/accounts/account-record.js';
import { loadChunkFacts } from '../domain/metrics/metrics-facts.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertAccountFixture, type AccountFixture } from './support/account-fixture.js';

let database: TestDatabase;
let fixture: AccountFixture;
const asOf = new Date();

test.before(async () => {
  database = await createTestDatabase('account_facts_values');
  fixture = await insertAccountFixture(database.orm, { accountNumber: 'WU-30001', months: 24 });
  const q = db(database.orm.em.fork());
  // Instants the driver's text would round: the last microsecond of a day, and one before the epoch's milliseconds turn.
  await sql`update payment set paid_at = '2025-06-30 23:59:59.999999+00' where id = (select min(id) from payment where account_id = ${fixture.id} and status = 'processed')`.execute(q);
  await sql`update complaint set opened_at = ${asOf.toISOString().slice(0, 10)}::timestamptz - interval '3 days 0.000999 seconds' where id = ${fixture.complaintIds[0]}`.execute(q);
});
test.after(async () => database.drop());

/** What the columns hold, read the old way: date text as UTC midnight, timestamptz through the driver. */
async function columns() {
  const q = db(database.orm.em.fork());
  const id = fixture.id;
  const bills = await sql<Record<string, string>>`select period_start, period_end, issued_at, due_date from bill where account_id = ${id} order by period_end`.execute(q);
  const payments = await sql<{ paid_at: Date }>`select paid_at from payment where account_id = ${id} and status in ('processed', 'failed') order by id`.execute(q);
  const complaints = await sql<{ opened_at: Date; resolved_at: Date | null }>`select opened_at, resolved_at from complaint where account_id = ${id} order by id`.execute(q);
  const readings = await sql<{ read_at: string }>`select read_at from reading where account_id = ${id}`.execute(q);
  return {
    bills: bills.rows.map((r) => [r.period_start, r.period_end, r.issued_at, r.due_date].map(asDate)),
    paidAt: payments.rows.map((r) => r.paid_at.getTime()),
    complaints: complaints.rows.map((r) => [r.opened_at.getTime(), r.resolved_at?.getTime() ?? null]),
    readDays: new Set(readings.rows.map((r) => asDate(r.read_at).getTime())),
  };
}

function assertSame(facts: AccountFacts, expected: Awaited<ReturnType<typeof columns>>, path: string): void {
  assert.equal(facts.bills.map((b) => [b.periodStart, b.periodEnd, b.issuedAt, b.dueDate]), expected.bills, `${path}: bill dates`);
  assert.equal(facts.payments.map((p) => p.paidAt.getTime()), expected.paidAt, `${path}: payment instants`);
  assert.ok(facts.payments.some((p) => p.paidAt.toISOString() === '2025-06-30T23:59:59.999Z'), `${path}: microseconds dropped, not rounded into the next day`);
  const complaintInstants = expected.complaints.map(([opened, resolved]) => `${opened}|${resolved}`);
  assert.ok(facts.complaints.length > 0, `${path}: the fixture's complaints are facts`);
  for (const c of facts.complaints) {
    assert.ok(complaintInstants.includes(`${c.openedAt.getTime()}|${c.resolvedAt?.getTime() ?? null}`), `${path}: complaint ${c.openedAt.toISOString()}`);
  }
  assert.ok(facts.consumptionReadings.length > 0, `${path}: readings with a consumption`);
  for (const r of facts.consumptionReadings) {
    assert.ok(expected.readDays.has(r.readAt.getTime()) && expected.readDays.has(r.previousReadAt.getTime()), `${path}: reading days`);
  }
  assert.ok(facts.pendingReadings.every((r) => expected.readDays.has(r.readAt.getTime())), `${path}: pending reading days`);
  for (const day of [...facts.bills.flatMap((b) => [b.periodStart, b.dueDate]), ...facts.consumptionReadings.map((r) => r.readAt)]) {
    assert.is(day.getTime() % 86_400_000, 0, `${path}: a date is UTC midnight`);
  }
}

test('the profile reads the columns’ own dates and instants', async () => {
  const expected = await columns();
  const record = await findAccountRecord(database.orm.em.fork(), fixture.accountNumber);
  assertSame(await loadAccountFacts(database.orm.em.fork(), record, asOf), expected, 'profile');
});

test('the nightly run reads the same dates and instants', async () => {
  const expected = await columns();
  const [chunk] = await loadChunkFacts(database.orm, [fixture.id], asOf, null);
  assertSame(chunk.facts, expected, 'nightly');
});

test.run();
