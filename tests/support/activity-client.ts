/** JSON API calls and "nothing was written" snapshots for the account-activity tests. */
import type { TestServer } from './app-server.js';

export function apiClient(server: TestServer) {
  async function call(method: string, path: string, token: string | null, body?: unknown) {
    const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
      method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    // Tests read whatever shape the endpoint answers.
    return { status: response.status, body: text ? JSON.parse(text) : null } as { status: number; body: any };
  }
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => server.db.orm.em.getConnection().execute<T[]>(q, p);
  const count = async (table: string, where = 'true', p: unknown[] = []) => Number((await sql<{ n: string }>(`select count(*) as n from ${table} where ${where}`, p))[0].n);
  /** Row counts of every table a refused write could touch, and the money and versions on accounts. */
  const snapshot = async () => {
    const tables = ['account', 'payment', 'bill', 'reading', 'audit_log', 'notification', 'outbox_message', 'service_order'];
    const counts = await Promise.all(tables.map((t) => count(t)));
    const [state] = await sql<{ balances: string | null; versions: string | null }>('select sum(balance_cents)::text as balances, sum(version)::text as versions from account');
    return { ...Object.fromEntries(tables.map((t, i) => [t, counts[i]])), ...state };
  };
  return { call, sql, count, snapshot };
}

export const today = () => new Date().toISOString().slice(0, 10);
export const daysAgo = (n: number) => new Date(Date.now() - n * 86400_000).toISOString().slice(0, 10);
