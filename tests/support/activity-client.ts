// JSON API calls and "nothing was written" snapshots for the account-activity tests.
import { utilityIsoDay } from '../../domain/common/calendar.js';
import { utilityDaysAgo } from './time-zone.js';
import { sql, type SelectQueryBuilder } from 'kysely';
import { db, type Database, type Db } from '../../domain/common/database.js';
import { apiToken } from './browser-session.js';
import { createUser, type TestServer } from './app-server.js';
import { startServerWithWorker } from './server-with-worker.js';

/** The tables a refused account-activity write could touch. */
const TABLES = ['account', 'payment', 'bill', 'reading', 'audit_log', 'notification', 'outbox_message', 'service_order'] as const;

/** A JSON call of /api/v1 with an optional bearer token: the status and the parsed answer (null when empty). */
export function jsonApiCall(server: TestServer) {
  return async function call(method: string, path: string, token: string | null, body?: unknown) {
    const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
      method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever shape the endpoint answers.
    return { status: response.status, body: text ? JSON.parse(text) : null } as { status: number; body: any };
  };
}

export function apiClient(server: TestServer) {
  const call = jsonApiCall(server);
  /** How many rows the query selects: `count((q) => q.selectFrom('note').where('account_id', '=', id))`. */
  const count = async <T extends keyof Database>(rows: (query: Db) => SelectQueryBuilder<Database, T, object>) =>
    (await rows(db(server.db.orm.em)).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
  /** Row counts of every table a refused write could touch, and the money and versions on accounts. */
  const snapshot = async () => {
    const counts = await Promise.all(TABLES.map((table) => count((q) => q.selectFrom(table))));
    const state = await db(server.db.orm.em).selectFrom('account')
      .select((eb) => [
        eb.cast<string | null>(eb.fn.sum('balance_cents'), 'text').as('balances'),
        eb.cast<string | null>(eb.fn.sum('version'), 'text').as('versions'),
      ])
      .executeTakeFirstOrThrow();
    return { ...Object.fromEntries(TABLES.map((t, i) => [t, counts[i]])), ...state };
  };
  return { call, count, snapshot };
}

// Calendar days as the utility reads them (its zone, as the app's date filters do), not UTC days:
// between midnight UTC and midnight in Chicago the two differ.
const testZone = process.env.UTILITY_TIME_ZONE ?? 'America/Chicago';
export const today = () => utilityIsoDay(new Date(), testZone);
export const daysAgo = (n: number) => utilityDaysAgo(n, testZone);

/**
 * The account-activity API tests' world: a server with its own database, a Temporal
 * worker on its own task queue (inspection orders start workflows), and bearer tokens
 * for an agent and an admin.
 */
export async function startActivityApi(label: string) {
  const { server, close } = await startServerWithWorker(label);
  const a = await createUser(server.db, 'agent');
  const ad = await createUser(server.db, 'admin');
  return {
    server, client: apiClient(server),
    agent: await apiToken(server.baseUrl, a.email, a.password),
    admin: await apiToken(server.baseUrl, ad.email, ad.password),
    close,
  };
}
