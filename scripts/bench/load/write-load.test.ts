/**
 * The write load's requests (write-load.ts) land as a day's work does: every payment on an account of its own,
 * every reading on a meter of its own with a value the reading checks accept without a flag, meters already read
 * today left out; and they wrap over the table when it holds fewer accounts or meters than requests.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planReading, recordReading } from '../../../domain/readings/readings.js';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/database.js';
import { insertAccountFixture, type AccountFixture } from '../../../tests/support/account-fixture.js';
import { utilityDaysAgo } from '../../../tests/support/time-zone.js';
import { benchReadingValue, writeRequests } from './write-load.js';

let database: TestDatabase;
const fixtures: AccountFixture[] = [];
const today = utilityDaysAgo(0);
const READ_TODAY = 'M-63004';

test.before(async () => {
  database = await createTestDatabase('write_load');
  for (const n of [1, 2, 3, 4]) {
    fixtures.push(await insertAccountFixture(database.orm, {
      accountNumber: `WU-6300${n}`, meterNumber: `M-6300${n}`, asOf: new Date(`${utilityDaysAgo(3)}T18:00:00Z`), months: 8, records: false,
    }));
  }
  const last = fixtures[3].readings.at(-1)?.value ?? 0;
  await recordReading(database.orm.em.fork(), { meterNumber: READ_TODAY, readAt: today, value: last + 100, source: 'manual', createdBy: null });
});
test.after(async () => { await database.drop(); });

const accountOf = (path: string) => /^\/api\/v1\/accounts\/([^/]+)\/payments$/.exec(path)?.[1];
const meterOf = (path: string) => decodeURIComponent(/^\/api\/v1\/meters\/([^/]+)\/readings$/.exec(path)?.[1] ?? '');

test('each payment goes to an account of its own, every account once before any twice', async () => {
  const { payments } = await writeRequests(database.orm.em.fork(), 8, today);
  const accounts = payments.map((p) => accountOf(p.path));
  assert.equal([...new Set(accounts.slice(0, 4))].sort(), fixtures.map((f) => f.accountNumber));
  assert.equal(accounts.slice(4), accounts.slice(0, 4), 'the second lap repeats the first in the same order');
  const references = payments.map((p) => JSON.parse(p.body).reference);
  assert.is(new Set(references).size, payments.length, 'every reference once');
});

test('each reading goes to a meter of its own not read today, and no check flags it', async () => {
  const { readings } = await writeRequests(database.orm.em.fork(), 3, today);
  const meters = readings.map((r) => meterOf(r.path));
  assert.equal([...meters].sort(), ['M-63001', 'M-63002', 'M-63003'], `the meter read today is left out: ${meters}`);
  for (const reading of readings) {
    const body = JSON.parse(reading.body);
    assert.is(body.readAt, today);
    const plan = await planReading(database.orm.em.fork(), { meterNumber: meterOf(reading.path), readAt: body.readAt, value: body.value, source: 'manual', createdBy: null });
    assert.equal(plan.flags, [], `${meterOf(reading.path)} at ${body.value}`);
    assert.ok((plan.consumption ?? 0) > 0);
  }
});

test('a reading rises from the last actual value by the last verified usage, the same on every lap', async () => {
  const { readings } = await writeRequests(database.orm.em.fork(), 6, today);
  for (let i = 0; i < 3; i += 1) {
    const meter = meterOf(readings[i].path);
    assert.is(meterOf(readings[i + 3].path), meter, 'the second lap reads the meters in the same order');
    const fixture = fixtures.find((f) => f.meterNumber === meter) as AccountFixture;
    // The fixture's last actual reading is a spike still pending; its last verified one a month's usage.
    const last = fixture.readings.filter((r) => r.verificationStatus !== 'rejected').at(-1)?.value as number;
    const usage = fixture.readings.filter((r) => r.verificationStatus === 'verified').at(-1)?.consumption as number;
    assert.is(JSON.parse(readings[i].body).value, last + usage, meter);
    // A later round may be the first to reach the meter: the value must pass the checks from the meter's own last reading.
    assert.is(JSON.parse(readings[i + 3].body).value, last + usage, meter);
  }
});

test('a second reading of a meter the same day is flagged out of order only, never a regression or a spike', async () => {
  const em = database.orm.em.fork();
  const { readings } = await writeRequests(em, 6, today);
  const [first, again] = [readings[0], readings[3]].map((r) => ({ meterNumber: meterOf(r.path), ...JSON.parse(r.body) }));
  await em.transactional(async (tx) => {
    await recordReading(tx, { ...first, source: 'manual', createdBy: null });
    const plan = await planReading(tx, { ...again, source: 'manual', createdBy: null });
    assert.equal(plan.flags, ['out_of_order']);
    throw new RolledBack();
  }).catch((error) => { if (!(error instanceof RolledBack)) throw error; });
});

test('the reading value: the last value plus the verified usage, at least 1', () => {
  const cases: [number, number | null, number][] = [
    [1000, 250, 1250],
    [1000, 0, 1001],
    [1000, null, 1001],
  ];
  for (const [lastValue, usage, expected] of cases) {
    assert.is(benchReadingValue({ last_value: lastValue, usage }), expected, `${lastValue} + ${usage}`);
  }
});

/** Thrown to roll a test's transaction back. */
class RolledBack extends Error {}

test.run();
