/**
 * The dashboard tests' world: a server with ten accounts across every status and kind, eight
 * orders (open and closed, flagged and past their SLA or not) and five notifications, with a
 * token and a page session for each staff role; and the same figures counted straight from
 * the tables, for comparison.
 */
import { sql } from 'kysely';
import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../../domain/common/database.js';
import type { AccountStatus, DisconnectionKind, NotificationStatus, ServiceOrderStatus } from '../../domain/common/enums.js';
import { apiToken, signIn } from './browser-session.js';
import { createUser, startTestServer, type TestServer } from './app-server.js';

type Fixture = [number: string, status: AccountStatus, kind: DisconnectionKind | null, balanceCents: number];
const ACCOUNTS: Fixture[] = [
  ['WU-10001', 'active', null, 1000], ['WU-10002', 'active', null, 2500], ['WU-10003', 'active', null, -300],
  ['WU-10004', 'inactive', null, 0], ['WU-10005', 'pending', null, 100], ['WU-10006', 'pending', null, 0],
  ['WU-10007', 'disconnected', 'temporary', 5000], ['WU-10008', 'disconnected', 'temporary', 700],
  ['WU-10009', 'disconnected', 'permanent', 12_345], ['WU-10010', 'collection', null, 99_999],
];

type Figure = { count: number; percent: number | null; balanceCents: number };
export interface DashboardBody {
  totalAccounts: number;
  byStatus: Record<string, Figure>;
  totalBalanceCents: number;
  openServiceOrders: { byStatus: Record<string, number>; total: number };
  overdueServiceOrders: number;
  failedNotifications: number;
  asOf: string;
}

export async function startDashboardWorld(label: string) {
  const server: TestServer = await startTestServer(label);
  const tokens: Record<string, string> = {};
  const cookies: Record<string, string> = {};
  const query = () => db(server.db.orm.em);
  const now = sql<Date>`now()`;
  /** The first account's id, as a subquery: the orders and notifications below all belong to it. */
  const firstAccount = () => query().selectFrom('account').select((eb) => eb.fn.min('id').as('id'));

  async function insertAccount(number: string, status: AccountStatus, kind: DisconnectionKind | null, balanceCents: number) {
    await query().insertInto('account').values({
      account_number: number, first_name: 'Test', last_name: number, service_address: '1 Main St', customer_since: '2020-01-01',
      status, disconnection_kind: kind, balance_cents: balanceCents, version: 1, created_at: now, updated_at: now,
    }).execute();
  }
  async function insertOrder(n: number, status: ServiceOrderStatus, overdue: boolean, slaDueAt: Date | null) {
    await query().insertInto('service_order').values({
      order_number: `SO-${n}`, account_id: firstAccount(), type: 'repair', description: 'fixture', status, overdue, sla_due_at: slaDueAt,
      workflow_id: `service-order-SO-${n}`, created_at: now, updated_at: now,
    }).execute();
  }
  async function insertNotification(n: number, status: NotificationStatus) {
    await query().insertInto('notification').values({
      account_id: firstAccount(), event: 'payment_failed', channel: 'email', status, idempotency_key: `fixture-${n}`, payload: {},
      created_at: now, updated_at: now,
    }).execute();
  }
  async function dashboard(role = 'agent'): Promise<DashboardBody> {
    const response = await fetch(`${server.baseUrl}/api/v1/dashboard`, { headers: { authorization: `Bearer ${tokens[role]}` } });
    assert.is(response.status, 200);
    return (await response.json()) as DashboardBody;
  }
  /** The same figures straight from the account table, for comparison. */
  async function direct() {
    const rows = await query().selectFrom('account')
      .select((eb) => ['status', 'disconnection_kind as kind', eb.fn.countAll<string>().as('n'), eb.fn.coalesce(eb.fn.sum<string>('balance_cents'), sql<string>`0`).as('cents')])
      .groupBy(['status', 'disconnection_kind']).execute();
    const count = (status: string, kind?: string) =>
      rows.filter((r) => r.status === status && (kind === undefined || r.kind === kind)).reduce((s, r) => s + Number(r.n), 0);
    const total = rows.reduce((s, r) => s + Number(r.n), 0);
    const cents = rows.reduce((s, r) => s + Number(r.cents), 0);
    return { count, total, cents };
  }

  for (const role of ['agent', 'dispatcher', 'admin'] as const) {
    const user = await createUser(server.db, role);
    tokens[role] = await apiToken(server.baseUrl, user.email, user.password);
    cookies[role] = (await signIn(server.baseUrl, user.email, user.password)).cookie;
  }
  for (const [number, status, kind, balance] of ACCOUNTS) await insertAccount(number, status, kind, balance);
  const past = new Date(Date.now() - 3_600_000);
  const future = new Date(Date.now() + 86_400_000);
  await insertOrder(1, 'created', true, past);
  await insertOrder(2, 'created', false, future);
  await insertOrder(3, 'assigned', false, null);
  await insertOrder(4, 'scheduled', false, past); // past its SLA time, the workflow has not flagged it yet
  await insertOrder(5, 'in_progress', false, future);
  await insertOrder(6, 'completed', true, past); // closed: never counted
  await insertOrder(7, 'completed', false, null);
  await insertOrder(8, 'cancelled', false, past);
  for (const [n, status] of [[1, 'failed'], [2, 'failed'], [3, 'sent'], [4, 'queued'], [5, 'skipped']] as const) await insertNotification(n, status);
  return { server, tokens, cookies, query, now, insertAccount, insertOrder, dashboard, direct };
}

/**
 * A dashboard world for one test file, started before its tests and closed after them, with
 * the accessors the tests use (valid from the first test on).
 */
export function dashboardWorld(test: Test, label: string) {
  let world: Awaited<ReturnType<typeof startDashboardWorld>>;
  test.before(async () => {
    world = await startDashboardWorld(label);
  });
  test.after(async () => world.server.close());
  return {
    world: () => world,
    query: () => world.query(),
    dashboard: (role?: string) => world.dashboard(role),
    direct: () => world.direct(),
    url: (path: string) => `${world.server.baseUrl}${path}`,
  };
}
