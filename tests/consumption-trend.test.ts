/**
 * The consumption chart's months from the database (docs/rules.md#consumer-profile): readings spread over the days
 * since the meter's reading before (a rejected one is not that reading), and an account without readings drawn
 * from its bills. The spreading itself is table-tested in domain/readings/consumption-months.test.ts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import type { ReadingFlag } from '../domain/common/enums.js';
import { consumptionTrend } from '../domain/readings/profile-connections.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { insertRow } from './support/rows.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';

let database: TestDatabase;
test.before(async () => { database = await createTestDatabase('consumption_trend'); });
test.after(async () => { await database.drop(); });

const rows = () => db(database.orm.em.fork());
const asOf = new Date('2026-07-20T17:00:00Z');
const trendOf = async (accountId: number) =>
  (await consumptionTrend(database.orm.em.fork(), accountId, asOf, TEST_TIME_ZONE)).map((m) => [m.month, m.consumption, m.flagged]);

type ReadingRow = [string, number, number | null, 'verified' | 'pending' | 'rejected', ReadingFlag[]?];

async function accountWithReadings(readings: ReadingRow[]) {
  const account = await insertMinimalAccount(database.orm);
  for (const [readAt, value, consumption, status, flags = []] of readings) {
    await insertRow(rows(), 'reading', {
      meter_id: account.meterId, account_id: account.id, read_at: readAt, value, consumption, verification_status: status,
      flags, source: 'field', meter_replaced: false, created_at: sql`now()`,
    });
  }
  return account;
}

test('a meter read every quarter: a bar for each month, not one bar of three every third month', async () => {
  const account = await accountWithReadings([['2026-01-01', 1000, null, 'verified'], ['2026-04-01', 10_000, 9_000, 'verified'], ['2026-07-01', 19_100, 9_100, 'verified']]);
  // 100 a day in both quarters (9,000 over 90 days, 9,100 over 91); January 1 and July are not wholly covered.
  assert.equal(await trendOf(account.id), [
    ['2026-02', 2800, false], ['2026-03', 3100, false], ['2026-04', 3000, false], ['2026-05', 3100, false], ['2026-06', 3000, false],
  ]);
});

test('a rejected reading is left out, and the next one is measured from the reading before it; a flagged one marks its months', async () => {
  const account = await accountWithReadings([
    ['2026-03-31', 1000, null, 'verified'], ['2026-04-30', 1300, 300, 'verified'], ['2026-05-15', 9999, 8699, 'rejected'],
    ['2026-05-31', 1610, 310, 'verified'], ['2026-06-30', 2510, 900, 'pending', ['high']],
  ]);
  assert.equal(await trendOf(account.id), [['2026-04', 300, false], ['2026-05', 310, false], ['2026-06', 900, true]]);
});

test('an account billed from another system’s reads is drawn from its bills’ usage over their periods', async () => {
  const account = await insertMinimalAccount(database.orm);
  for (const [start, end, usage] of [['2026-04-01', '2026-04-30', 3000], ['2026-05-01', '2026-05-31', 3100]] as const) {
    await insertRow(rows(), 'bill', {
      account_id: account.id, period_start: start, period_end: end, issued_at: end, due_date: end, amount_cents: 1000, usage, created_at: sql`now()`,
    });
  }
  assert.equal(await trendOf(account.id), [['2026-04', 3000, false], ['2026-05', 3100, false]]);
});

test.run();
