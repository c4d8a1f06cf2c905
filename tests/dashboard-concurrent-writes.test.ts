/**
 * The dashboard's counters (kept by triggers in `account_tally`) stay exact under concurrent writes:
 * a burst of new accounts, payments (processed, pending, then settled either way) and meter readings
 * runs at once through the API, then every dashboard figure is compared with a full count of the rows.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { apiClient, daysAgo, startActivityApi, today } from './support/activity-client.js';
import type { TestServer } from './support/app-server.js';
import { insertMinimalAccount } from './support/minimal-account.js';

let server: TestServer;
let agent: string;
let client: ReturnType<typeof apiClient>;
let close: () => Promise<void>;

test.before(async () => {
  ({ server, agent, client, close } = await startActivityApi('dashboard_concurrent'));
});
test.after(async () => close());

const query = () => db(server.db.orm.em);

/** Every figure the dashboard shows, counted from the rows themselves. */
async function fullCount() {
  const byStatus = await query().selectFrom('account')
    .select(['status', 'disconnection_kind', sql<string>`count(*)`.as('n'), sql<string>`coalesce(sum(balance_cents), 0)`.as('cents')])
    .groupBy(['status', 'disconnection_kind']).execute();
  const sum = (rows: typeof byStatus) => ({ count: rows.reduce((n, r) => n + Number(r.n), 0), balanceCents: rows.reduce((n, r) => n + Number(r.cents), 0) });
  const of = (status: string, kind?: string) => sum(byStatus.filter((r) => r.status === status && (kind === undefined || r.disconnection_kind === kind)));
  const open = await query().selectFrom('service_order').select(sql<string>`count(*)`.as('n')).where('status', 'not in', ['completed', 'cancelled']).executeTakeFirstOrThrow();
  const failed = await query().selectFrom('notification').select(sql<string>`count(*)`.as('n')).where('status', '=', 'failed').executeTakeFirstOrThrow();
  return {
    total: sum(byStatus),
    active: of('active'), inactive: of('inactive'), pending: of('pending'), collection: of('collection'), disconnected: of('disconnected'),
    temporarilyDisconnected: of('disconnected', 'temporary'), permanentlyDisconnected: of('disconnected', 'permanent'),
    openOrders: Number(open.n), failedNotifications: Number(failed.n),
  };
}

type Figure = { count: number; balanceCents: number };
interface DashboardJson {
  totalAccounts: number;
  totalBalanceCents: number;
  byStatus: Record<string, Figure>;
  openServiceOrders: { total: number };
  failedNotifications: number;
}

test('dashboard counters equal a full count after a concurrent burst of accounts, payments, settlements and readings', async () => {
  const accounts = [];
  for (let i = 0; i < 12; i++) accounts.push(await insertMinimalAccount(server.db.orm, { status: i % 3 === 0 ? 'collection' : 'active' }));
  // Some pending payments first, so the burst can settle them while other writes touch the same accounts.
  const pending: number[] = [];
  for (const [i, account] of accounts.entries()) {
    const r = await client.call('POST', `/accounts/${account.accountNumber}/payments`, agent,
      { paidAt: new Date().toISOString(), reference: `PEND-${i}`, amountCents: 500 + i, method: 'ach', status: 'pending' });
    assert.is(r.status, 201, JSON.stringify(r.body));
    pending.push(r.body.id);
  }
  const before = await fullCount();

  const burst: Promise<{ status: number; body: unknown }>[] = [];
  for (let round = 0; round < 4; round++) {
    for (const [i, account] of accounts.entries()) {
      burst.push(client.call('POST', `/accounts/${account.accountNumber}/payments`, agent,
        { paidAt: new Date().toISOString(), reference: `BURST-${round}-${i}`, amountCents: 1000 + round * 10 + i, method: 'credit_card', status: round === 3 ? 'failed' : 'processed' }));
      burst.push(client.call('POST', `/meters/${account.meterNumber}/readings`, agent, { readAt: round === 3 ? today() : daysAgo(40 - round * 10), value: 1000 + round * 100 }));
    }
    burst.push(client.call('POST', '/accounts', agent, {
      firstName: 'Burst', lastName: `Consumer${round}`, email: `burst${round}@example.com`, phone: '+1 555 123 4567', serviceAddress: `${round} Concurrent Way`,
      ratePlan: 'Standard Residential', billingCycle: 'monthly', paymentMethod: 'manual',
    }));
  }
  for (const [i, id] of pending.entries()) burst.push(client.call('POST', `/payments/${id}/status`, agent, { status: i % 2 ? 'processed' : 'failed' }));
  const answers = await Promise.all(burst);
  const refused = answers.filter((a) => a.status >= 300);
  assert.is(refused.length, 0, `refused: ${JSON.stringify(refused.slice(0, 3))}`);

  const after = await fullCount();
  assert.is(after.total.count, before.total.count + 4, 'four accounts opened');
  assert.ok(after.total.balanceCents !== before.total.balanceCents, 'the payments moved the balances');
  const dashboard = (await client.call('GET', '/dashboard', agent)).body as DashboardJson;
  assert.equal(
    { total: dashboard.totalAccounts, balance: dashboard.totalBalanceCents, openOrders: dashboard.openServiceOrders.total, failed: dashboard.failedNotifications },
    { total: after.total.count, balance: after.total.balanceCents, openOrders: after.openOrders, failed: after.failedNotifications },
  );
  for (const status of ['active', 'inactive', 'pending', 'collection', 'disconnected', 'temporarilyDisconnected', 'permanentlyDisconnected'] as const) {
    const shown = dashboard.byStatus[status];
    assert.equal({ count: shown.count, balanceCents: shown.balanceCents }, after[status], `dashboard ${status}`);
  }
});

test.run();
