/** Loading an account's facts: the consumption bar, its cache, and a fixed number of queries. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EntityManager } from '@mikro-orm/postgresql';
import { averageMonthlyUsage } from '../domain/billing/billing-overview.js';
import { percentile } from '../domain/accounts/vip.js';
import { loadAccountFacts } from '../domain/accounts/account-facts.js';
import { findAccountRecord } from '../domain/accounts/account-record.js';
import { computeConsumptionBar, consumptionBar, forgetConsumptionBars, storeConsumptionBar } from '../domain/readings/consumption-bar.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertAccountFixture, type AccountFixture } from './support/account-fixture.js';

let db: TestDatabase;
const active: AccountFixture[] = [];

test.before(async () => {
  db = await createTestDatabase('profile_facts');
  active.push(await insertAccountFixture(db.orm, { accountNumber: 'WU-20001', months: 3, records: false }));
  active.push(await insertAccountFixture(db.orm, { accountNumber: 'WU-20002', months: 24, baseUsage: 6000 }));
  active.push(await insertAccountFixture(db.orm, { accountNumber: 'WU-20003', months: 14, baseUsage: 9000, records: false }));
  await insertAccountFixture(db.orm, { accountNumber: 'WU-20004', status: 'inactive', baseUsage: 50_000, records: false });
  await insertAccountFixture(db.orm, { accountNumber: 'WU-20005', months: 0, records: false });
});
test.after(async () => db.drop());

const em = (): EntityManager => db.orm.em.fork();

/** Counts the SQL statements `work` sends through the entity manager's connection. */
async function countQueries(manager: EntityManager, work: () => Promise<unknown>): Promise<number> {
  const connection = manager.getConnection();
  const original = connection.execute.bind(connection);
  const originalClient = connection.getClient.bind(connection);
  let count = 0;
  connection.execute = ((...args: Parameters<typeof original>) => { count += 1; return original(...args); }) as typeof connection.execute;
  // Typed queries go through the connection's Kysely client: a plugin counts each result, so
  // queries compiled once (domain/common/prepared-query.ts) are counted on every run too.
  connection.getClient = (() => originalClient().withPlugin({
    transformQuery: (args) => args.node,
    transformResult: async (args) => { count += 1; return args.result; },
  })) as typeof connection.getClient;
  try {
    await work();
  } finally {
    connection.execute = original;
    connection.getClient = originalClient;
  }
  return count;
}

test('the consumption bar is the rules’ percentile of active accounts’ average monthly usage', async () => {
  const now = new Date();
  const averages = active.map((fx) => averageMonthlyUsage(fx.bills, now, 'America/Chicago').average as number);
  const expected = percentile(averages, 80) as number;
  const bar = await computeConsumptionBar(em(), 80, now);
  assert.ok(bar !== null);
  assert.ok(Math.abs((bar as number) - expected) < 1e-9, `${bar} vs ${expected}`);
  assert.ok(Math.abs(((await computeConsumptionBar(em(), 50, now)) as number) - (percentile(averages, 50) as number)) < 1e-9);
});

test('the bar is cached: a new account does not move it until the cache is dropped', async () => {
  forgetConsumptionBars();
  const before = await consumptionBar(em(), 80);
  const queries = await countQueries(em(), () => consumptionBar(em(), 80));
  assert.is(queries, 0);
  await insertAccountFixture(db.orm, { accountNumber: 'WU-20006', baseUsage: 40_000, records: false });
  assert.is(await consumptionBar(em(), 80), before);
  forgetConsumptionBars();
  assert.ok(((await consumptionBar(em(), 80)) as number) > (before as number));
});

test('once the nightly run stored its bar, the profile reads that one (one lookup, never the population query)', async () => {
  await storeConsumptionBar(em(), 95, 1234.5, '2026-11-30');
  forgetConsumptionBars();
  const queries = await countQueries(em(), async () => assert.is(await consumptionBar(em(), 95), 1234.5));
  assert.is(queries, 1);
  const stored = () => db.orm.em.fork().getConnection().execute(`select bar, computed_at from consumption_bar where percentile = 95`);
  const [first] = await stored();
  await storeConsumptionBar(em(), 95, 1234.5, '2026-11-30'); // a rerun with the same bar writes nothing
  assert.equal(await stored(), [first]);
  await storeConsumptionBar(em(), 95, null, '2026-12-01'); // no active account billed any more
  forgetConsumptionBars();
  assert.is(await consumptionBar(em(), 95), null);
  assert.is(await consumptionBar(em(), 80) === null, false, 'another percentile is still computed live');
});

test('loading the facts takes one statement for a short and a long history (no N+1)', async () => {
  await consumptionBar(em(), 80); // warm, as it is in a running app
  const counts = [];
  for (const number of ['WU-20001', 'WU-20002', 'WU-20005']) {
    const manager = em();
    const record = await findAccountRecord(manager, number);
    counts.push(await countQueries(manager, () => loadAccountFacts(manager, record)));
  }
  // One: bills, payments, allocations (compliance reads them), adjustments, complaints, orders, consumption readings,
  // pending readings, flags and estimate runs, each aggregated to JSON in one statement.
  assert.equal(counts, [1, 1, 1]);
});

test('the facts hold what the rules need and nothing that does not count', async () => {
  const manager = em();
  const long = active[1];
  const facts = await loadAccountFacts(manager, await findAccountRecord(manager, long.accountNumber));
  assert.is(facts.bills.length, 24);
  assert.is(facts.payments.length, long.payments.filter((p) => p.status !== 'pending').length);
  assert.ok(facts.payments.some((p) => p.status === 'failed'));
  assert.equal(facts.pendingReadings.map((r) => r.flags), [['high']]);
  assert.equal(facts.serviceOrders.map((o) => o.status).sort(), ['completed', 'scheduled']); // the cancelled one never counts
  assert.is(facts.complaints.length, 2);
  assert.is(facts.openFraudFlag, null);
  const bare = await loadAccountFacts(manager, await findAccountRecord(manager, 'WU-20005'));
  assert.equal([bare.bills, bare.payments, bare.complaints, bare.serviceOrders], [[], [], [], []]);
});

test.run();
