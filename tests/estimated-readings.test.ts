/**
 * Estimated readings (docs/rules.md#estimated-readings) with hand-worked numbers, through the nightly run:
 *
 * History of every account here (actual readings): 2025-12-01 1,000 · 2026-01-01 1,310 · 02-01 1,620 ·
 * 03-01 1,900 · 04-01 2,210. The 6 months up to the last actual reading (04-01) start at 2025-12-01:
 * 1,210 used over 121 days = 10 a day. So the run of 2026-05-07 (36 days after 04-01) estimates
 * 2,210 + 10 × 36 = 2,570 (consumption 360); that of 06-12, 2,210 + 10 × 72 = 2,930 (360 more);
 * that of 07-18, 2,210 + 10 × 108 = 3,290.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { runNightlyMetrics } from '../domain/metrics/metrics-run.js';
import { meterIdRanges, writeDayEstimates } from '../domain/metrics/metrics-estimates.js';
import { enterReading } from '../domain/readings/reading-verification.js';
import { findAccountRecord } from '../domain/accounts/account-record.js';
import { loadAccountFacts } from '../domain/accounts/account-facts.js';
import { accountInsights } from '../domain/accounts/account-insights.js';
import { consumptionTrend } from '../domain/readings/profile-connections.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { insertRow } from './support/rows.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';

let database: TestDatabase;
test.before(async () => { database = await createTestDatabase('estimated_readings'); });
test.after(async () => { await database.drop(); });

const rows = () => db(database.orm.em.fork());
const agent = { userId: null, name: 'Agent Test' };
/** Noon in the utility's zone (America/Chicago, UTC−5 in summer) of a local day. */
const noonOf = (day: string) => new Date(`${day}T17:00:00Z`);
const run = (day: string) => runNightlyMetrics(database.orm, { timeZone: TEST_TIME_ZONE, asOf: noonOf(day), parallel: 1 });

const HISTORY: Array<[string, number, number | null]> = [
  ['2025-12-01', 1000, null], ['2026-01-01', 1310, 310], ['2026-02-01', 1620, 310], ['2026-03-01', 1900, 280], ['2026-04-01', 2210, 310],
];

async function accountWithHistory() {
  const account = await insertMinimalAccount(database.orm);
  for (const [readAt, value, consumption] of HISTORY) {
    await insertRow(rows(), 'reading', {
      meter_id: account.meterId, account_id: account.id, read_at: readAt, value, consumption, verification_status: 'verified',
      flags: [], source: 'field', meter_replaced: false, created_at: sql`now()`,
    });
  }
  return account;
}

const readingsOf = (accountId: number) => rows().selectFrom('reading')
  .select(['id', 'read_at', 'value', 'consumption', 'source', 'superseded_by_id']).where('account_id', '=', accountId)
  .where('read_at', '>', '2026-04-01').orderBy('read_at').orderBy('id').execute();
const meterReadingOrders = (accountId: number) => rows().selectFrom('service_order')
  .select(['order_number', 'source_reading_id', 'description']).where('account_id', '=', accountId).where('type', '=', 'meter_reading').execute();
const auditCount = async () => Number((await rows().selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

test('an estimate from a known history: 10 a day × 36 days after the last actual reading; a rerun writes nothing', async () => {
  const a = await accountWithHistory();
  await run('2026-05-06'); // 35 days: still within the month's grace
  assert.equal(await readingsOf(a.id), []);
  const first = await run('2026-05-07');
  assert.ok(first.estimates.estimatesWritten >= 1);
  const [estimate] = await readingsOf(a.id);
  assert.equal({ ...estimate, id: 0 }, { id: 0, read_at: '2026-05-07', value: 2570, consumption: 360, source: 'estimated', superseded_by_id: null });
  const audits = await auditCount();
  const again = await run('2026-05-07');
  assert.is(again.estimates.estimatesWritten, 0);
  assert.is((await readingsOf(a.id)).length, 1);
  assert.is(await auditCount(), audits, 'a rerun on the same day audits nothing new');
  const audit = await rows().selectFrom('audit_log').select(['action', 'user_name', 'after']).where('entity_id', '=', String(estimate.id)).executeTakeFirstOrThrow();
  assert.is(audit.action, 'reading.estimate');
  assert.is((audit.after as { value: number }).value, 2570);
  // The chart spreads each reading over the days since the one before (10 a day throughout): the estimate covers
  // April 2 to May 7, so April is marked estimated (in italics on the pages); May is not whole yet, so not drawn.
  const trend = await consumptionTrend(database.orm.em.fork(), a.id, noonOf('2026-05-20'), TEST_TIME_ZONE);
  assert.equal(trend.map((m) => [m.month, m.consumption, m.estimated]), [
    ['2026-01', 310, false], ['2026-02', 280, false], ['2026-03', 310, false], ['2026-04', 300, true],
  ]);
});

test('an actual reading after two estimates: measured from the last actual one (790), the estimates kept but superseded', async () => {
  const a = await accountWithHistory();
  await run('2026-05-07');
  await run('2026-06-12');
  const estimates = await readingsOf(a.id);
  assert.equal(estimates.map((r) => [r.read_at, r.value, r.consumption]), [['2026-05-07', 2570, 360], ['2026-06-12', 2930, 360]]);
  const actual = await enterReading(database.orm.em.fork(), a.meterNumber, { readAt: '2026-06-20', value: 3000 }, agent, TEST_TIME_ZONE);
  assert.is(actual.consumption, 790, '3,000 − 2,210: from the last actual reading, not from the estimate');
  assert.equal(actual.flags, [], 'not high, not a regression');
  const after = await readingsOf(a.id);
  assert.equal(after.map((r) => [r.read_at, r.value, r.consumption, r.source, r.superseded_by_id]), [
    ['2026-05-07', 2570, null, 'estimated', actual.id],
    ['2026-06-12', 2930, null, 'estimated', actual.id],
    ['2026-06-20', 3000, 790, 'manual', null],
  ]);
  const total = after.reduce((sum, r) => sum + (r.consumption ?? 0), 0);
  assert.is(total, 790, 'the total since April is the actual difference, counted once');
  // The chart counts the 790 over April 2 – June 20 (9.875 a day), the replaced estimates not at all.
  const trend = await consumptionTrend(database.orm.em.fork(), a.id, noonOf('2026-06-25'), TEST_TIME_ZONE);
  assert.equal(trend.slice(-2).map((m) => [m.month, m.consumption, m.estimated]), [['2026-04', 296, false], ['2026-05', 306, false]]);
  const audit = await rows().selectFrom('audit_log').select('after').where('action', '=', 'reading.create').where('entity_id', '=', String(actual.id)).executeTakeFirstOrThrow();
  assert.equal((audit.after as { supersededEstimates: number[] }).supersededEstimates, estimates.map((r) => r.id));
  // The next estimate starts from the new actual reading: nothing is due 28 days later.
  await run('2026-07-18');
  assert.is((await readingsOf(a.id)).length, 3);
});

test('three estimates in a row: an alert on the profile and exactly one meter-reading order, even on reruns', async () => {
  const a = await accountWithHistory();
  await run('2026-05-07');
  await run('2026-06-12');
  assert.equal(await meterReadingOrders(a.id), [], 'two estimates raise nothing');
  const third = await run('2026-07-18');
  await run('2026-07-18');
  const estimates = await readingsOf(a.id);
  assert.equal(estimates.map((r) => r.value), [2570, 2930, 3290]);
  const orders = await meterReadingOrders(a.id);
  assert.is(orders.length, 1);
  assert.ok(third.estimates.meterReadingOrders.includes(orders[0].order_number));
  assert.is(orders[0].source_reading_id, estimates[2].id, 'the order names the third estimate');
  assert.match(orders[0].description, `Read meter ${a.meterNumber}: 3 estimated readings in a row`);
  // A fourth estimate a month on still owes no second order.
  await run('2026-08-23');
  assert.is((await readingsOf(a.id)).length, 4);
  assert.is((await meterReadingOrders(a.id)).length, 1);

  const em = database.orm.em.fork();
  const record = await findAccountRecord(em, a.accountNumber);
  const asOf = noonOf('2026-08-24');
  const alerts = accountInsights(await loadAccountFacts(em, record, asOf), asOf, TEST_TIME_ZONE).alerts;
  const alert = alerts.find((x) => x.kind === 'estimated_readings');
  assert.ok(alert, JSON.stringify(alerts));
  assert.match(alert.message, `${a.meterNumber}: 4 estimated readings in a row`);

  // An actual reading ends the run of estimates, and with it the alert.
  await enterReading(em, a.meterNumber, { readAt: '2026-08-30', value: 3700 }, agent, TEST_TIME_ZONE);
  const later = accountInsights(await loadAccountFacts(em, record, noonOf('2026-08-31')), noonOf('2026-08-31'), TEST_TIME_ZONE).alerts;
  assert.not.ok(later.some((x) => x.kind === 'estimated_readings'));
});

test('no estimate without a history to average, nor for an inactive account', async () => {
  const bare = await insertMinimalAccount(database.orm);
  await insertRow(rows(), 'reading', {
    meter_id: bare.meterId, account_id: bare.id, read_at: '2026-04-01', value: 50, consumption: null, verification_status: 'verified',
    flags: [], source: 'field', meter_replaced: false, created_at: sql`now()`,
  });
  const inactive = await accountWithHistory();
  await rows().updateTable('account').set({ status: 'inactive' }).where('id', '=', inactive.id).execute();
  await run('2026-05-09');
  assert.equal(await readingsOf(bare.id), []);
  assert.equal(await readingsOf(inactive.id), []);
});

test('estimates written a range of meter ids at a time, two in flight: each due meter once, whatever the range size', async () => {
  const accounts = [await accountWithHistory(), await accountWithHistory(), await accountWithHistory()];
  const ranges = [];
  for await (const range of meterIdRanges(database.orm, 2)) ranges.push(range);
  const meterIds = (await rows().selectFrom('meter').select('id').execute()).map((m) => m.id);
  for (const id of meterIds) assert.is(ranges.filter((r) => id >= r.fromId && id < r.toId).length, 1, `meter ${id} in exactly one range`);
  assert.ok(ranges.every((r) => r.toId - r.fromId === 2));

  // One meter id per statement (many of them hold no meter of these accounts, or no meter at all).
  const written = await writeDayEstimates(database.orm, '2026-05-07', 2, 1);
  assert.is(written, accounts.length, 'every estimate counted, from both statements in flight');
  for (const a of accounts) {
    assert.equal((await readingsOf(a.id)).map((r) => [r.read_at, r.value, r.consumption, r.source]), [['2026-05-07', 2570, 360, 'estimated']]);
  }
  assert.is(await writeDayEstimates(database.orm, '2026-05-07', 2, 1000), 0, 'the same day again, in other ranges: nothing');
});

test.run();
