/**
 * A consumer reaches nothing of the staff's (docs/rules.md#consumer-portal-identity): every operation
 * of the app's own OpenAPI document and every page route of the app (as Hono lists them), called by a
 * signed-in consumer with a bearer token and with a browser session, answers 403 (a page: the 403 page,
 * not a redirect) and writes nothing — even aimed at the consumer's own account. The portal's own
 * routes, sign-in, static files and health are left out; `/` sends a consumer to `/my`.
 */
import { sql } from 'kysely';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createApp } from '../api/app.js';
import { sha256Hex } from '../domain/auth/tokens.js';
import { db } from '../domain/common/database.js';
import { insertAccountFixture } from './support/account-fixture.js';
import { startTestServer, TEST_SCRYPT_LOG2_N, type TestServer } from './support/app-server.js';
import { apiToken } from './support/browser-session.js';
import { type OpenApiDocument, operationsOf } from './support/fuzz/openapi-operations.js';
import { pageRoutesOf } from './support/fuzz/page-requests.js';
import { insertRow } from './support/rows.js';
import { hashPassword, scryptCost } from '../domain/auth/password.js';

let server: TestServer;
let accountNumber: string;
let bearer: string;
let cookie: string;
let csrfToken: string;
const CONSUMER = { email: 'isolated.consumer@example.com', password: 'the consumer password' };

test.before(async () => {
  server = await startTestServer('portal_isolation');
  const account = await insertAccountFixture(server.db.orm);
  accountNumber = account.accountNumber;
  const accountRow = await db(server.db.orm.em).selectFrom('account').select('id').where('account_number', '=', accountNumber).executeTakeFirstOrThrow();
  await insertRow(db(server.db.orm.em), 'app_user', {
    email: CONSUMER.email, name: 'Isolated Consumer', role: 'consumer', active: true, account_id: accountRow.id,
    password_hash: await hashPassword(CONSUMER.password, scryptCost(Number(TEST_SCRYPT_LOG2_N))), created_at: sql<Date>`now()`,
  });
  bearer = await apiToken(server.baseUrl, CONSUMER.email, CONSUMER.password);
  const signedIn = await fetch(`${server.baseUrl}/login`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseUrl },
    body: new URLSearchParams({ ...CONSUMER, next: '/' }),
  });
  assert.is(signedIn.status, 303);
  cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
  // The session row's id is the SHA-256 of the token before the cookie's signature; the row holds its CSRF token.
  const sessionId = sha256Hex(decodeURIComponent(cookie.split('=')[1] ?? '').split('.')[0] ?? '');
  csrfToken = (await db(server.db.orm.em).selectFrom('session').select('csrf_token').where('id', '=', sessionId).executeTakeFirstOrThrow()).csrf_token;
});
test.after(async () => server.close());

/** Tables whose rows a read may touch (last-seen times) or that record the consumer's own sign-in. */
const TOUCHED_BY_READS = new Set(['session', 'api_token', 'login_attempt', 'mikro_orm_migrations']);

/** A fingerprint of every table's content: any insert, update or delete changes it. */
async function databaseFingerprint(): Promise<Record<string, string>> {
  const query = db(server.db.orm.em.fork());
  const { rows } = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public' order by tablename`.execute(query);
  const prints: Record<string, string> = {};
  for (const { tablename } of rows) {
    if (TOUCHED_BY_READS.has(tablename)) continue;
    const result = await sql<{ print: string }>`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as print from ${sql.table(tablename)} t`.execute(query);
    prints[tablename] = result.rows[0].print;
  }
  return prints;
}

/** The portal's own routes and the public ones are not staff routes. */
const NOT_STAFF_API = [/^\/portal\//, /^\/me(\/|$)/, /^\/auth\/token$/];
const NOT_STAFF_PAGES = [/^\/my(\/|$)/, /^\/health(\/|$)/, /^\/login$/, /^\/logout$/, /^\/reset-password\//, /^\/api\/docs/, /^\/$/];

/** A path template (`{accountNumber}` or `:accountNumber{…}`) filled with the consumer's own account and plain ids. */
function fill(template: string): string {
  return template
    .replace(/\{accountNumber\}|:accountNumber(\{[^}]*\})?/g, accountNumber)
    .replace(/:\w+\{([\w-]+(?:\|[\w-]+)+)\}/g, (_, options: string) => options.split('|')[0])
    .replace(/:tab(\{[^}]*\})?/g, 'financial')
    .replace(/\{orderNumber\}|:orderNumber(\{[^}]*\})?/g, 'SO-1')
    .replace(/\{meterNumber\}|:meterNumber(\{[^}]*\})?/g, 'M-1')
    .replace(/\{\w+\}|:\w+(\{(?:[^{}]|\{[^}]*\})*\})?/g, '1')
    .replace(/\/\*$/, '/');
}

test('every staff API operation answers 403 to a consumer, by bearer token and by session, and writes nothing', async () => {
  const document = await (await fetch(`${server.baseUrl}/api/v1/openapi.json`)).json() as OpenApiDocument;
  const operations = operationsOf(document).filter((op) => !NOT_STAFF_API.some((skip) => skip.test(op.path)));
  assert.ok(operations.length >= 40, `only ${operations.length} staff operations found`);
  const before = await databaseFingerprint();
  const wrong: string[] = [];
  for (const op of operations) {
    const path = `/api/v1${fill(op.path)}`;
    const body = op.method === 'GET' ? undefined : JSON.stringify({});
    const json = body ? { 'content-type': 'application/json' } : {};
    const viaToken = await fetch(`${server.baseUrl}${path}`, { method: op.method, headers: { authorization: `Bearer ${bearer}`, ...json }, body });
    const viaSession = await fetch(`${server.baseUrl}${path}`, {
      method: op.method, redirect: 'manual', headers: { cookie, origin: server.baseUrl, 'x-csrf-token': csrfToken, ...json }, body,
    });
    for (const [how, response] of [['token', viaToken], ['session', viaSession]] as const) {
      if (response.status !== 403) wrong.push(`${op.method} ${op.path} (${how}): ${response.status}`);
      await response.body?.cancel();
    }
  }
  assert.equal(wrong, [], `not refused:\n${wrong.join('\n')}`);
  assert.equal(await databaseFingerprint(), before, 'nothing written');
});

test('every staff page route answers the 403 page to a signed-in consumer, GET and POST, and writes nothing', async () => {
  const pages = pageRoutesOf(createApp(server.deps).routes).filter((page) => !NOT_STAFF_PAGES.some((skip) => skip.test(page.path)));
  assert.ok(pages.length >= 30, `only ${pages.length} staff page routes found`);
  const before = await databaseFingerprint();
  const wrong: string[] = [];
  for (const page of pages) {
    const headers: Record<string, string> = { cookie, origin: server.baseUrl, 'x-csrf-token': csrfToken };
    const post = page.method === 'POST';
    if (post) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(`${server.baseUrl}${fill(page.path)}`, {
      method: page.method, redirect: 'manual', headers, body: post ? new URLSearchParams({ note: 'x', body: 'x', reason: 'x' }) : undefined,
    });
    const html = await response.text();
    if (response.status !== 403 || !html.includes('Not allowed')) wrong.push(`${page.method} ${page.path}: ${response.status}`);
    else if (html.includes('href="/accounts"')) wrong.push(`${page.method} ${page.path}: the 403 page shows staff navigation`);
  }
  assert.equal(wrong, [], `not refused:\n${wrong.join('\n')}`);
  assert.equal(await databaseFingerprint(), before, 'nothing written');
});

test('htmx requests from a consumer get a 403 fragment, and the site root sends them to /my', async () => {
  const fragment = await fetch(`${server.baseUrl}/accounts/${accountNumber}/financial`, { headers: { cookie, 'hx-request': 'true' }, redirect: 'manual' });
  assert.is(fragment.status, 403);
  const root = await fetch(`${server.baseUrl}/`, { headers: { cookie }, redirect: 'manual' });
  assert.is(root.status, 303);
  assert.is(root.headers.get('location'), '/my');
});

test.run();
