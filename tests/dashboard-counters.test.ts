/**
 * The dashboard's kept counters (account_tally, service_order_tally): equal to a full count of the
 * tables in every group, after concurrent writes, moves, flags, inserts and deletes, and after a
 * rebuild; and the figures read in one statement.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import type { AccountStatus, DisconnectionKind, ServiceOrderStatus } from '../domain/common/enums.js';
import { loadDashboard } from '../domain/accounts/dashboard.js';
import { countStatements } from './support/statement-count.js';
import { dashboardWorld } from './support/dashboard-world.js';

const { world, query, dashboard, direct, url } = dashboardWorld(test, 'dashboard_counters');

test('the counters match the table in every (status, kind, VIP, overdue) group, which the search filters count from', async () => {
  await query().updateTable('account').set({ vip: true, overdue_since: '2026-10-01' }).where('account_number', 'in', ['WU-10001', 'WU-10009']).execute();
  await query().updateTable('account').set({ overdue_since: null }).where('account_number', '=', 'WU-10009').execute();
  const table = await groups(accountRows());
  // The tally keeps statuses and kinds as text ('' for none): typed here as the account's.
  const tally = await groups(query().selectFrom('account_tally').select((eb) => [
    eb.ref('status').$castTo<AccountStatus>().as('status'), eb.fn<DisconnectionKind | null>('nullif', ['disconnection_kind', sql.lit('')]).as('disconnection_kind'),
    'vip', 'overdue', 'accounts as n', 'balance_cents as cents',
  ]).as('g'));
  assert.equal(tally, table);
  const response = await fetch(url('/api/v1/accounts?vip=true&overdue=true'), { headers: { authorization: `Bearer ${world().tokens.agent}` } });
  assert.is(((await response.json()) as { total: number }).total, 1);
});

/** Every account as one row of its (status, kind, VIP, overdue) group, the way the tally counts it. */
const accountRows = () => query().selectFrom('account').select((eb) => [
  'status', 'disconnection_kind', 'vip', eb('overdue_since', 'is not', null).$castTo<boolean>().as('overdue'), sql<number>`1`.as('n'), 'balance_cents as cents',
]).as('g');

/** Accounts and balances per (status, kind, VIP, overdue) group of `rows`, the groups that are not empty. */
function groups(rows: ReturnType<typeof accountRows>) {
  return query().selectFrom(rows)
    .select((eb) => [
      'status', eb.fn.coalesce('disconnection_kind', sql.lit('')).as('kind'), 'vip', 'overdue',
      eb.cast(eb.fn.sum('n'), 'bigint').as('n'), eb.cast(eb.fn.sum('cents'), 'bigint').as('cents'),
    ])
    .groupBy((eb) => ['status', eb.fn.coalesce('disconnection_kind', sql.lit('')), 'vip', 'overdue'])
    .having((eb) => eb.or([eb(eb.fn.sum('n'), '<>', 0), eb(eb.fn.sum('cents'), '<>', 0)]))
    .orderBy(['status', 'kind', 'vip', 'overdue'])
    .execute();
}

test('concurrent balance updates in many transactions keep the sum exact', async () => {
  const ids = (await query().selectFrom('account').select('id').orderBy('id').execute()).map((r) => r.id);
  await Promise.all(Array.from({ length: 40 }, (_, i) =>
    world().server.db.orm.em.fork().transactional(async (em) => {
      await db(em).updateTable('account').set((eb) => ({ balance_cents: eb('balance_cents', '+', i + 1) })).where('id', '=', ids[i % ids.length]).execute();
    })));
  const [body, expected] = await Promise.all([dashboard(), direct()]);
  assert.is(body.totalBalanceCents, expected.cents);
  const rebuilt = await query().selectNoFrom((eb) => [
    eb.fn('account_tally_rebuild').as('rebuilt'),
    eb.selectFrom('account_tally').select((tally) => tally.fn.sum<string>('balance_cents').as('cents')).as('cents'),
  ]).executeTakeFirstOrThrow();
  assert.is(Number(rebuilt.cents), expected.cents);
});

/** Open orders per (status, overdue flag), counted from the table and from the kept counters. */
async function openOrderGroups() {
  const open = ['completed', 'cancelled'] as const;
  const table = await query().selectFrom('service_order')
    .select((eb) => ['status', 'overdue', eb.cast(eb.fn.countAll(), 'bigint').as('n')])
    .where('status', 'not in', open).groupBy(['status', 'overdue']).orderBy('status').orderBy('overdue').execute();
  const tally = await query().selectFrom('service_order_tally')
    .select((eb) => [eb.ref('status').$castTo<ServiceOrderStatus>().as('status'), 'overdue', eb.cast(eb.fn.sum('orders'), 'bigint').as('n')])
    .where('status', 'not in', open).groupBy(['status', 'overdue']).having((eb) => eb(eb.fn.sum('orders'), '<>', 0))
    .orderBy('status').orderBy('overdue').execute();
  return { table, tally };
}

test('open orders are counted from service_order_tally, exact after concurrent moves, flags, inserts and deletes', async () => {
  for (let n = 100; n < 130; n++) await world().insertOrder(n, 'created', false, null);
  const moves: ServiceOrderStatus[] = ['assigned', 'scheduled', 'in_progress', 'completed', 'cancelled'];
  await Promise.all(Array.from({ length: 30 }, (_, i) => world().server.db.orm.em.fork().transactional(async (em) => {
    await db(em).updateTable('service_order').set({ status: moves[i % moves.length], overdue: i % 4 === 0 })
      .where('order_number', '=', `SO-${100 + i}`).execute();
  })));
  await query().deleteFrom('service_order').where('order_number', 'in', ['SO-101', 'SO-102']).execute();
  const { table, tally } = await openOrderGroups();
  assert.equal(tally, table);
  const expected = table.reduce((sum, row) => sum + Number(row.n), 0);
  const body = await dashboard();
  assert.is(body.openServiceOrders.total, expected);
  const overdue = await query().selectFrom('service_order').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', 'not in', ['completed', 'cancelled'])
    .where((eb) => eb.or([eb('overdue', '=', true), eb('sla_due_at', '<', new Date())])).executeTakeFirstOrThrow();
  assert.is(body.overdueServiceOrders, Number(overdue.n));
  await query().selectNoFrom((eb) => eb.fn('service_order_tally_rebuild').as('rebuilt')).execute();
  assert.equal((await openOrderGroups()).tally, table);
});

test('the figures are one statement (one snapshot), however many accounts and orders there are', async () => {
  const { count, statements } = await countStatements(() => loadDashboard(world().server.db.orm.em.fork()));
  assert.is(count, 1, statements.join('\n'));
});

test.run();
