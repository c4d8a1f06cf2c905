/** Service-order completion effects on a real worker: what a completed order does to its account, its meter and readings, and its fraud flags, once. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db as query } from '../domain/common/database.js';
import { logger } from '../infra/logger.js';
import { completeUpdate } from '../workflows/service-order.contract.js';
import type { TestDatabase } from './support/database.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { actor, expectRefused, moveServiceOrder, startServiceOrderWorld, type ServiceOrderWorld } from './support/service-order-world.js';

let world: ServiceOrderWorld;
let db: TestDatabase;

test.before(async () => {
  world = await startServiceOrderWorld('so_completion');
  db = world.db;
});
test.after(() => world.stop());

const rows = () => query(db.orm.em);
const newOrder: ServiceOrderWorld['newOrder'] = (order) => world.newOrder(order);
const complete: ServiceOrderWorld['complete'] = (order, args) => world.complete(order, args);

const accountStatus = (id: number) =>
  rows().selectFrom('account').select(['status', 'disconnection_kind']).where('id', '=', id).executeTakeFirstOrThrow();

test('completion effects: disconnection temporary and permanent, reconnection, installation', async () => {
  const a = await insertMinimalAccount(db.orm);
  await complete(await newOrder({ accountNumber: a.accountNumber, type: 'disconnection' }));
  assert.equal(await accountStatus(a.id), { status: 'disconnected', disconnection_kind: 'temporary' });
  await complete(await newOrder({ accountNumber: a.accountNumber, type: 'reconnection' }));
  assert.equal(await accountStatus(a.id), { status: 'active', disconnection_kind: null });
  await complete(await newOrder({ accountNumber: a.accountNumber, type: 'disconnection', permanent: true }));
  assert.equal(await accountStatus(a.id), { status: 'disconnected', disconnection_kind: 'permanent' });
  const pending = await insertMinimalAccount(db.orm, { status: 'pending' });
  await complete(await newOrder({ accountNumber: pending.accountNumber, type: 'installation' }));
  assert.equal(await accountStatus(pending.id), { status: 'active', disconnection_kind: null });
});

test('completion effects: transfer, meter reading through the checks, inspection clearing a flag', async () => {
  const source = await insertMinimalAccount(db.orm);
  const target = await insertMinimalAccount(db.orm, { status: 'pending' });
  await complete(await newOrder({ accountNumber: source.accountNumber, type: 'transfer', targetAccountNumber: target.accountNumber }));
  assert.is((await accountStatus(source.id)).status, 'inactive');
  assert.is((await accountStatus(target.id)).status, 'active');

  const metered = await insertMinimalAccount(db.orm);
  await rows().insertInto('reading').values({
    meter_id: metered.meterId, account_id: metered.id, read_at: '2026-01-01', value: 5000, consumption: null,
    verification_status: 'verified', flags: [], source: 'manual', meter_replaced: false, created_at: sql`now()`,
  }).execute();
  const readingOrder = await newOrder({ accountNumber: metered.accountNumber, type: 'meter_reading' });
  await expectRefused(complete(readingOrder), 422);
  await moveServiceOrder(world.worker.client, readingOrder, completeUpdate, { actor, reading: { value: 4000, readAt: '2026-02-01' } });
  const reading = await rows().selectFrom('reading').select(['value', 'flags', 'verification_status'])
    .where('meter_id', '=', metered.meterId).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  assert.equal(reading, { value: 4000, flags: ['regression'], verification_status: 'pending' });

  // The account's open flag closes, naming the order; a flag closed before keeps its own closing; another account's stays open.
  const neighbour = await insertMinimalAccount(db.orm);
  const flags = await rows().insertInto('fraud_flag').values([
    { account_id: metered.id, kind: 'tampering', note: 'Seal broken', opened_at: sql`now()` },
    { account_id: metered.id, kind: 'fraud', note: 'Bypass pipe', opened_at: sql`now() - interval '60 days'`, closed_at: sql`now() - interval '30 days'`, closed_note: 'Removed on an earlier visit' },
    { account_id: neighbour.id, kind: 'tampering', note: 'Seal broken next door', opened_at: sql`now()` },
  ]).returning('id').execute();
  const inspection = await newOrder({ accountNumber: metered.accountNumber, type: 'inspection' });
  await complete(inspection, { resolution: { closeFraudFlags: true, meterStatus: 'maintenance' } });
  const after = await rows().selectFrom('fraud_flag').select(['closed_note', sql<boolean>`closed_at > now() - interval '1 minute'`.as('closed_now')])
    .where('id', 'in', flags.map((f) => f.id)).orderBy('id').execute();
  assert.equal(after, [
    { closed_note: `Closed by ${inspection}`, closed_now: true },
    { closed_note: 'Removed on an earlier visit', closed_now: false },
    { closed_note: null, closed_now: null },
  ]);
  const meter = await rows().selectFrom('meter').select('reading_status').where('id', '=', metered.meterId).executeTakeFirstOrThrow();
  assert.is(meter.reading_status, 'maintenance');
});

test('the completion effect is applied exactly once even when the activity runs again', async () => {
  const account = await insertMinimalAccount(db.orm);
  const order = await newOrder({ accountNumber: account.accountNumber, type: 'disconnection' });
  await complete(order);
  await rows().updateTable('account').set({ status: 'active', disconnection_kind: null }).where('id', '=', account.id).execute();
  // A retried activity (as after a worker crash) finds the effect applied and the transition recorded.
  const { createActivities } = await import('../workers/temporal/activity-deps.js');
  const activities = createActivities({ orm: db.orm, log: logger() });
  await activities.completeOrder({ orderNumber: order, sequence: 5, from: 'in_progress', to: 'completed', at: new Date().toISOString(), actor, note: null, reading: null, resolution: null });
  assert.is((await accountStatus(account.id)).status, 'active', 'not disconnected a second time');
  assert.is((await world.transitions(order)).length, 5);
});

test.run();
