// A consumer of the portal for tests: a user tied to one account, made straight in the database, and signed in.
import { sql } from 'kysely';
import { hashPassword, scryptCost } from '../../domain/auth/password.js';
import { db } from '../../domain/common/database.js';
import { TEST_SCRYPT_LOG2_N, type TestServer } from './app-server.js';
import type { SignedIn } from './browser-session.js';
import { insertRow } from './rows.js';

let counter = 0;

/** A consumer user of `accountId` (no registration: that is the portal's own test's business). */
export async function createConsumer(server: TestServer, accountId: number, email = `consumer${++counter}-${accountId}@example.com`, password = 'my water password') {
  const hash = await hashPassword(password, scryptCost(Number(TEST_SCRYPT_LOG2_N)));
  const id = await insertRow(db(server.db.orm.em), 'app_user', {
    email, name: `Consumer ${counter}`, role: 'consumer', account_id: accountId, password_hash: hash, active: true, created_at: sql<Date>`now()`,
  });
  return { id, email, password };
}

/** Signs in through the sign-in form as a browser would, and reads the CSRF token from the portal's home page. */
export async function signInConsumer(server: TestServer, email: string, password: string): Promise<SignedIn> {
  const response = await fetch(`${server.baseUrl}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseUrl },
    body: new URLSearchParams({ email, password, next: '/my' }),
  });
  const setCookieHeader = response.headers.get('set-cookie') ?? '';
  if (response.status !== 303 || !setCookieHeader) throw new Error(`consumer sign-in failed: ${response.status}`);
  const cookie = setCookieHeader.split(';')[0];
  const home = await (await fetch(`${server.baseUrl}/my`, { headers: { cookie } })).text();
  const csrfToken = home.match(/<meta name="csrf-token" content="([^"]+)"/)?.[1] ?? '';
  if (!csrfToken) throw new Error('the portal home page carries no CSRF token');
  return { cookie, csrfToken, setCookieHeader };
}

/** A consumer of `accountId`, signed in. */
export async function consumerSession(server: TestServer, accountId: number): Promise<SignedIn & { userId: number; email: string }> {
  const user = await createConsumer(server, accountId);
  return { ...(await signInConsumer(server, user.email, user.password)), userId: user.id, email: user.email };
}
