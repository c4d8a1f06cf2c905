/**
 * The account search's fixture, shared by the API tests (tests/account-search.test.ts) and the page tests
 * (tests/account-search-page.test.ts): ten accounts that exercise the ranking tiers, accents, typos, contact
 * fields and statuses, thirty "Pager" accounts for paging, and meters on two accounts (and one removed).
 */
import { sql } from 'kysely';
import { db, type Db } from '../../domain/common/database.js';
import type { AccountStatus, DisconnectionKind } from '../../domain/common/enums.js';
import { insertRow } from './rows.js';
import { apiToken, signIn } from './browser-session.js';
import { createUser, startTestServer, type TestServer } from './app-server.js';

const now = sql<Date>`now()`;

export interface SearchFixture { server: TestServer; tokens: Record<string, string>; cookie: string }

/** One account of the fixture, with only what differs from the defaults. */
interface SearchAccount {
  number: string; first: string; last: string; status?: AccountStatus; kind?: DisconnectionKind | null; email?: string | null;
  phone?: string | null; vip?: boolean; overdueSince?: string | null; balance?: number; health?: number | null;
}

export const ACCOUNTS: SearchAccount[] = [
  { number: 'WU-10001', first: 'John', last: 'Doe', email: 'john.doe@example.com', phone: '(217) 555-0134', vip: true, balance: 12_345, health: 88 },
  { number: 'WU-10002', first: 'José', last: 'Pérez', email: 'jose.perez@example.net', phone: '217-555-0199', status: 'pending' },
  { number: 'WU-10003', first: 'Jane', last: 'Smith', email: 'jsmith42@example.org', overdueSince: '2026-09-01', balance: 5000 },
  { number: 'WU-10004', first: 'Johnny', last: 'Smithers', status: 'disconnected', kind: 'temporary' },
  { number: 'WU-10005', first: 'Mary', last: "O'Brien-Lee", status: 'collection', vip: true, overdueSince: '2026-06-01' },
  { number: 'WU-10006', first: 'Søren', last: 'Ødegård', status: 'inactive' },
  { number: 'WU-10007', first: 'Johanna', last: 'Doerr', phone: '+1 (309) 444-1212' },
  { number: 'WU-100001', first: 'Peter', last: 'Parker', email: 'peter@example.com' },
  { number: 'WU-20001', first: 'Doe', last: 'Johnson', status: 'disconnected', kind: 'permanent' },
  { number: 'WU-110001', first: 'Wendy', last: 'Wong' },
];

async function insertAccount(query: Db, a: SearchAccount): Promise<number> {
  return insertRow(query, 'account', {
    account_number: a.number, first_name: a.first, last_name: a.last, email: a.email ?? null, phone: a.phone ?? null,
    service_address: '1 Main St', customer_since: '2020-01-01', status: a.status ?? 'active', disconnection_kind: a.kind ?? null,
    vip: a.vip ?? false, overdue_since: a.overdueSince ?? null, balance_cents: a.balance ?? 0, health_score: a.health ?? null,
    version: 1, created_at: now, updated_at: now,
  });
}

async function assignMeter(query: Db, accountId: number, meterNumber: string, open: boolean) {
  const connectionId = await insertRow(query, 'service_connection', { account_id: accountId, address: '1 Main St', created_at: now });
  const meterId = await insertRow(query, 'meter', {
    meter_number: meterNumber, device_number: `D-${meterNumber.slice(2)}`, type: 'residential', model: 'Aquaflow X200',
    installed_at: '2020-01-01', created_at: now,
  });
  await insertRow(query, 'meter_assignment', {
    meter_id: meterId, connection_id: connectionId, assigned_at: '2020-01-01', unassigned_at: open ? null : '2024-01-01', created_at: now,
  });
}

/** A test server holding the fixture's accounts, with an API token per role and the agent's signed-in cookie. */
export async function startSearchFixture(name: string): Promise<SearchFixture> {
  const server = await startTestServer(name);
  const query = () => db(server.db.orm.em);
  const tokens: Record<string, string> = {};
  let cookie = '';
  for (const role of ['agent', 'dispatcher', 'admin'] as const) {
    const user = await createUser(server.db, role);
    tokens[role] = await apiToken(server.baseUrl, user.email, user.password);
    if (role === 'agent') cookie = (await signIn(server.baseUrl, user.email, user.password)).cookie;
  }
  const ids: Record<string, number> = {};
  for (const account of ACCOUNTS) ids[account.number] = await insertAccount(query(), account);
  await assignMeter(query(), ids['WU-10001'], 'M-5678', true);
  await assignMeter(query(), ids['WU-10003'], 'M-9999', false); // removed from the account: no longer finds it
  await assignMeter(query(), ids['WU-20001'], 'M-8642097', true); // long enough for its digits to be looked up by their last part
  for (let i = 1; i <= 30; i++) {
    await insertAccount(query(), { number: `WU-3${String(i).padStart(4, '0')}`, first: `Person${i}`, last: 'Pager', vip: i % 3 === 0 });
  }
  return { server, tokens, cookie };
}
