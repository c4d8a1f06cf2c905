/**
 * What one read of an account costs PostgreSQL (issue 12): the statements a GET of the account's JSON
 * and of its profile page send once warm. The caller is found by one query that joins the token or
 * session to its user (never the password hash), and the account with all its facts by one more.
 * A revoke or a deactivation still refuses the very next request. This test server remembers no callers;
 * an API process that does sends only the account's statement once warm (tests/remembered-callers.test.ts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { captureStatements, type CapturedStatement } from '../scripts/bench/load/sql-replay.js';
import { insertAccountFixture } from './support/account-fixture.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { apiToken, signIn, type SignedIn } from './support/browser-session.js';

let server: TestServer;
let token: string;
let session: SignedIn;

test.before(async () => {
  server = await startTestServer('read_path_statements');
  const agent = await createUser(server.db, 'agent');
  token = await apiToken(server.baseUrl, agent.email, agent.password);
  session = await signIn(server.baseUrl, agent.email, agent.password);
  await insertAccountFixture(server.db.orm, { accountNumber: 'WU-10001', staleComplaint: true });
});
test.after(async () => server.close());

async function statementsOf(path: string, headers: Record<string, string>): Promise<CapturedStatement[]> {
  return captureStatements(async () => {
    const response = await fetch(`${server.baseUrl}${path}`, { headers });
    assert.is(response.status, 200, path);
    await response.arrayBuffer();
  });
}

/** The statement's tables, to say in a failure which queries ran. */
const tablesOf = (statements: CapturedStatement[]) => statements.map((s) => /from "?(\w+)"?/i.exec(s.text)?.[1] ?? s.text.slice(0, 40));

test('GET /api/v1/accounts/{n} sends two statements once warm: the token with its user, then the account with every fact', async () => {
  const bearer = { authorization: `Bearer ${token}` };
  await statementsOf('/api/v1/accounts/WU-10001', bearer); // warm: the consumption bar cached, the token's last use written
  const statements = await statementsOf('/api/v1/accounts/WU-10001', bearer);
  assert.is(statements.length, 2, tablesOf(statements).join(', '));
  assert.ok(statements.every((s) => !s.text.includes('password_hash')), 'the caller is read without the password hash');
});

test('GET /accounts/{n} (profile page, Overview) sends two: session with user, account with facts, portal access and latest activity', async () => {
  const cookie = { cookie: session.cookie };
  await statementsOf('/accounts/WU-10001', cookie);
  const statements = await statementsOf('/accounts/WU-10001', cookie);
  assert.is(statements.length, 2, tablesOf(statements).join(', '));
  assert.ok(statements.every((s) => !s.text.includes('password_hash')), 'the caller is read without the password hash');
});

test('a revoked token and a deactivated user are refused on the very next request', async () => {
  const user = await createUser(server.db, 'agent', 'short-lived@example.com');
  const revoked = await apiToken(server.baseUrl, user.email, user.password);
  const get = (bearer: string) => fetch(`${server.baseUrl}/api/v1/accounts/WU-10001`, { headers: { authorization: `Bearer ${bearer}` } });
  assert.is((await get(revoked)).status, 200);
  await db(server.db.orm.em.fork()).updateTable('api_token').set({ revoked_at: sql`now()` })
    .where('user_id', '=', (eb) => eb.selectFrom('app_user').select('id').where('email', '=', user.email)).execute();
  assert.is((await get(revoked)).status, 401);

  const live = await apiToken(server.baseUrl, user.email, user.password);
  const browser = await signIn(server.baseUrl, user.email, user.password);
  assert.is((await get(live)).status, 200);
  await db(server.db.orm.em.fork()).updateTable('app_user').set({ active: false }).where('email', '=', user.email).execute();
  assert.is((await get(live)).status, 401);
  const page = await fetch(`${server.baseUrl}/accounts/WU-10001`, { headers: { cookie: browser.cookie }, redirect: 'manual' });
  assert.is(page.status, 303, 'the page sends a signed-out browser to the sign-in');
});

test.run();
