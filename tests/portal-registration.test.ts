/**
 * Consumer registration for the self-service portal (docs/rules.md#consumer-portal-identity): one
 * answer whatever the details, a one-time link e-mailed through the outbox and the jobs worker that
 * expires after 24 hours, the notice to the account's e-mail on file, the limits per e-mail and per
 * account and per address, refused input with nothing written, the /my pages and where a consumer lands after sign-in.
 */
import { sql } from 'kysely';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scryptCost } from '../domain/auth/password.js';
import { db } from '../domain/common/database.js';
import { requestRegistration } from '../domain/portal/portal-registration.js';
import { serveApp, startTestServer, testConfig, type TestServer } from './support/app-server.js';
import { apiToken } from './support/browser-session.js';
import { sinkChannels, startTestJobsWorker, testRedisPrefix, waitFor, type TestJobsWorker } from './support/jobs-worker.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { startSmsSink, startSmtpSink, type SmsSink, type SmtpSink } from './support/notification-sinks.js';
import { insertRow } from './support/rows.js';

let server: TestServer;
let worker: TestJobsWorker;
let smtp: SmtpSink;
let sms: SmsSink;

test.before(async () => {
  const prefix = testRedisPrefix('portal-registration');
  server = await startTestServer('portal_registration', {}, { REDIS_PREFIX: prefix });
  [smtp, sms] = await Promise.all([startSmtpSink(), startSmsSink()]);
  worker = await startTestJobsWorker(server.db.orm, { prefix, channels: sinkChannels(smtp, sms), queues: ['notifications'] });
});
test.after(async () => {
  await worker.stop();
  await Promise.all([smtp.close(), sms.close()]);
  await server.close();
});

const query = () => db(server.db.orm.em.fork());
const url = (path: string, base = server.baseUrl) => `${base}${path}`;

/** An account with a last name, an e-mail on file and two bills, the later one of `latestCents`. */
async function accountWithBill(lastName: string, latestCents: number, onFileEmail: string | null) {
  const account = await insertMinimalAccount(server.db.orm);
  await query().updateTable('account').set({ last_name: lastName, email: onFileEmail }).where('id', '=', account.id).execute();
  const bill = (issued: string, cents: number) => insertRow(query(), 'bill', {
    account_id: account.id, period_start: issued, period_end: issued, issued_at: issued, due_date: issued,
    amount_cents: cents, usage: 1000, created_at: sql<Date>`now()`,
  });
  await bill('2026-09-01', 9_999);
  await bill('2026-10-01', latestCents);
  return account;
}

async function post(path: string, body: unknown, base = server.baseUrl) {
  const response = await fetch(url(`/api/v1${path}`, base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function registration(accountNumber: string, overrides: Record<string, unknown> = {}) {
  return { accountNumber, lastName: 'Doe', latestBillAmountCents: 4_250, email: 'new.consumer@example.com', password: 'a long enough password', ...overrides };
}

async function counts() {
  const n = async (table: 'portal_registration' | 'outbox_message' | 'app_user' | 'audit_log') =>
    Number((await query().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { registrations: await n('portal_registration'), outbox: await n('outbox_message'), users: await n('app_user'), audit: await n('audit_log') };
}

const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));

function tokenIn(body: string): string {
  const plain = body.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  const token = plain.match(/\/my\/confirm\?token=([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`no confirmation link in: ${body}`);
  return token;
}

async function form(path: string, fields: Record<string, string>, headers: Record<string, string> = { origin: server.baseUrl }) {
  return fetch(url(path), {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields),
  });
}

test('bad input is 422 naming the field, and nothing is written or sent', async () => {
  const account = await accountWithBill('Doe', 4_250, null);
  const before = await counts();
  const cases: [Record<string, unknown>, string][] = [
    [{ password: 'too short' }, 'password'],
    [{ accountNumber: 'AB-12' }, 'accountNumber'],
    [{ accountNumber: 'WU-12' }, 'accountNumber'],
    [{ latestBillAmountCents: -1 }, 'latestBillAmountCents'],
    [{ latestBillAmountCents: 42.5 }, 'latestBillAmountCents'],
    [{ email: 'not an email' }, 'email'],
    [{ lastName: '' }, 'lastName'],
  ];
  for (const [change, field] of cases) {
    const answer = await post('/portal/register', registration(account.accountNumber, change));
    assert.is(answer.status, 422, JSON.stringify(change));
    assert.equal(Object.keys(answer.body.error.details.fields), [field], JSON.stringify(change));
  }
  assert.equal(await counts(), before);
});

test('the answer is the same, and takes as long, whether or not the details name an account', async () => {
  const account = await accountWithBill('Doe', 4_250, null);
  // At a realistic hashing cost, so skipping the hash on a miss would show.
  const slow = await serveApp({ ...server.deps, config: testConfig({ DATABASE_URL: server.db.url, REDIS_PREFIX: server.deps.config.REDIS_PREFIX, PASSWORD_SCRYPT_LOG2_N: '15' }) });
  try {
    const timed = async (body: unknown) => {
      const started = performance.now();
      const answer = await post('/portal/register', body, slow.baseUrl);
      return { ...answer, ms: performance.now() - started };
    };
    const variants = [
      registration(account.accountNumber, { email: 'timing-hit@example.com' }),
      registration('WU-99999', { email: 'timing-miss-1@example.com' }),
      registration(account.accountNumber, { email: 'timing-miss-2@example.com', lastName: 'Roe' }),
      registration(account.accountNumber, { email: 'timing-miss-3@example.com', latestBillAmountCents: 9_999 }),
    ];
    // A first request to a new server also pays for its warm-up (connections, compilation): not what is compared.
    await timed(registration('WU-99998', { email: 'timing-warm-up@example.com' }));
    const answers = [];
    for (const body of variants) answers.push(await timed(body));
    for (const answer of answers) {
      assert.is(answer.status, 202);
      assert.equal(answer.body, answers[0].body);
    }
    const hit = answers[0].ms;
    // Without the hash a miss would take a few ms against the hit's tens: a wide margin still catches that.
    for (const miss of answers.slice(1)) assert.ok(miss.ms > hit * 0.4, `a miss took ${miss.ms.toFixed(0)} ms, a hit ${hit.toFixed(0)} ms`);
    const outcomes = await query().selectFrom('portal_registration').select(['email', 'outcome']).where('email', 'like', 'timing-%').where('email', '!=', 'timing-warm-up@example.com').orderBy('id').execute();
    assert.equal(outcomes.map((r) => r.outcome), ['confirm', 'no_match', 'no_match', 'no_match']);
  } finally {
    await slow.close();
  }
  await waitFor(() => mailsTo('timing-hit@example.com')[0], 'the link to the hit');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.is(mailsTo('timing-miss-1@example.com').length + mailsTo('timing-miss-2@example.com').length + mailsTo('timing-miss-3@example.com').length, 0, 'a miss sends nothing');
});

test('a matching request e-mails a one-time link, tells the e-mail on file, and confirming makes the consumer', async () => {
  const account = await accountWithBill('Peña', 12_345, 'on-file@example.com');
  const email = 'pena.portal@example.com';
  const answer = await post('/portal/register', registration(account.accountNumber, { lastName: 'pena', latestBillAmountCents: 12_345, email: 'Pena.Portal@Example.com' }));
  assert.is(answer.status, 202);
  const mail = await waitFor(() => mailsTo(email)[0], 'the confirmation link');
  assert.is(mail.subject, 'Confirm your Cistern portal access');
  const notice = await waitFor(() => mailsTo('on-file@example.com')[0], 'the notice to the e-mail on file');
  assert.match(notice.body, email);
  assert.not.match(notice.body, '/my/confirm', 'the notice carries no link');
  const token = tokenIn(mail.body);
  const stored = await query().selectFrom('portal_registration').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  assert.is.not(stored.token_hash, token, 'only a hash of the link is stored');
  assert.not.ok(JSON.stringify(stored).includes(token));

  // Opening the link (as a mail scanner would) changes nothing; the button posts.
  const page = await fetch(url(`/my/confirm?token=${token}`));
  assert.is(page.status, 200);
  const html = await page.text();
  assert.match(html, 'action="/my/confirm"');
  assert.match(html, account.accountNumber);
  assert.is((await query().selectFrom('portal_registration').select('used_at').where('id', '=', stored.id).executeTakeFirstOrThrow()).used_at, null);

  const confirmed = await post('/portal/confirm', { token });
  assert.is(confirmed.status, 200);
  assert.equal(confirmed.body, { email, accountNumber: account.accountNumber, signIn: '/login?next=/my' });
  const user = await query().selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  assert.is(user.role, 'consumer');
  assert.is(user.account_id, account.id);
  const audit = await query().selectFrom('audit_log').selectAll().where('action', '=', 'portal.registration_confirmed').where('entity_id', '=', account.accountNumber).executeTakeFirstOrThrow();
  assert.is(audit.user_id, user.id, 'the consumer is the actor');

  const again = await post('/portal/confirm', { token });
  assert.is(again.status, 404, 'a link works once');
  assert.match(again.body.error.message, 'expired or was already used');
  assert.is((await fetch(url(`/my/confirm?token=${token}`))).status, 404);

  // The consumer signs in on the same page and lands in the portal; a bearer token works too.
  const signIn = await form('/login', { email, password: 'a long enough password', next: '/' });
  assert.is(signIn.status, 303);
  assert.is(signIn.headers.get('location'), '/my');
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
  const home = await fetch(url('/'), { headers: { cookie }, redirect: 'manual' });
  assert.is(home.status, 303);
  assert.is(home.headers.get('location'), '/my');
  const login = await fetch(url('/login'), { headers: { cookie }, redirect: 'manual' });
  assert.is(login.headers.get('location'), '/my');
  const token2 = await apiToken(server.baseUrl, email, 'a long enough password');
  const staffApi = await fetch(url('/api/v1/dashboard'), { headers: { authorization: `Bearer ${token2}` } });
  assert.is(staffApi.status, 403, "a consumer's token opens no staff route");
});

test('staff still land on the back office, even when sent to a portal page', async () => {
  const { createUser } = await import('./support/app-server.js');
  const agent = await createUser(server.db, 'agent', 'landing-agent@example.com');
  const landed = await form('/login', { email: agent.email, password: agent.password, next: '/my' });
  assert.is(landed.headers.get('location'), '/');
  const next = await form('/login', { email: agent.email, password: agent.password, next: '/accounts' });
  assert.is(next.headers.get('location'), '/accounts');
});

test('a link expires after 24 hours', async () => {
  const account = await accountWithBill('Doe', 4_250, null);
  const email = 'late.confirmer@example.com';
  assert.is((await post('/portal/register', registration(account.accountNumber, { email }))).status, 202);
  const token = tokenIn((await waitFor(() => mailsTo(email)[0], 'the link')).body);
  const row = await query().selectFrom('portal_registration').select(['created_at', 'expires_at']).where('email', '=', email).executeTakeFirstOrThrow();
  assert.is(row.expires_at.getTime() - row.created_at.getTime(), 24 * 3600_000);
  await query().updateTable('portal_registration').set({ expires_at: sql<Date>`now() - interval '1 second'` }).where('email', '=', email).execute();
  const before = await counts();
  assert.is((await post('/portal/confirm', { token })).status, 404);
  const page = await form('/my/confirm', { token });
  assert.is(page.status, 404);
  assert.match(await page.text(), 'expired or was already used');
  assert.equal(await counts(), before, 'no consumer made');
  assert.is((await post('/portal/confirm', { token: 'not a token' })).status, 422);
  assert.is((await post('/portal/confirm', { token: 'A'.repeat(43) })).status, 404);
});

test('an e-mail that already signs in gets a notice instead of a link, and the answer is the same', async () => {
  const account = await accountWithBill('Doe', 4_250, null);
  const { createUser } = await import('./support/app-server.js');
  const owner = await createUser(server.db, 'agent', 'taken.address@example.com');
  const answer = await post('/portal/register', registration(account.accountNumber, { email: owner.email }));
  assert.is(answer.status, 202);
  const mail = await waitFor(() => mailsTo(owner.email)[0], 'the notice to the owner');
  assert.is(mail.subject, 'Someone asked for portal access with your e-mail');
  assert.not.match(mail.body, '/my/confirm');
  const row = await query().selectFrom('portal_registration').select(['outcome', 'token_hash', 'password_hash']).where('email', '=', owner.email).executeTakeFirstOrThrow();
  assert.equal(row, { outcome: 'email_in_use', token_hash: null, password_hash: null });
});

test('more than 5 requests an hour for one e-mail, or for one account: still 202, nothing sent', async () => {
  const account = await accountWithBill('Doe', 4_250, null);
  const email = 'eager@example.com';
  for (let i = 0; i < 5; i += 1) assert.is((await post('/portal/register', registration('WU-88888', { email }))).status, 202);
  const before = await counts();
  const over = await post('/portal/register', registration(account.accountNumber, { email }));
  assert.is(over.status, 202);
  assert.equal(await counts(), before, 'the sixth for this e-mail wrote nothing');

  const other = await accountWithBill('Doe', 4_250, null);
  for (let i = 0; i < 5; i += 1) {
    assert.is((await post('/portal/register', registration(other.accountNumber, { email: `guess${i}@example.com`, latestBillAmountCents: 100 + i }))).status, 202);
  }
  const beforeAccount = await counts();
  assert.is((await post('/portal/register', registration(other.accountNumber, { email: 'right.guess@example.com' }))).status, 202);
  assert.equal(await counts(), beforeAccount, 'the sixth for this account wrote nothing, even with the right details');
  // An hour later the limit is free again.
  await query().updateTable('portal_registration').set({ created_at: sql<Date>`now() - interval '61 minutes'` }).where('account_number', '=', other.accountNumber).execute();
  assert.is((await post('/portal/register', registration(other.accountNumber, { email: 'right.guess@example.com' }))).status, 202);
  await waitFor(() => mailsTo('right.guess@example.com')[0], 'the link once the hour is over');
});

test('the /my/register page: inline errors, the same answer, and CSRF on its form', async () => {
  const account = await accountWithBill('Doe', 4_250, null);
  const page = await fetch(url('/my/register'));
  assert.is(page.status, 200);
  const html = await page.text();
  assert.match(html, 'name="latestBillAmount"');
  assert.match(html, 'name="viewport"');
  const before = await counts();
  const bad = await form('/my/register', { accountNumber: 'nope', lastName: 'Doe', latestBillAmount: '-3', email: 'form@example.com', password: 'short' });
  assert.is(bad.status, 422);
  const badHtml = await bad.text();
  for (const field of ['accountNumber', 'latestBillAmount', 'password']) assert.match(badHtml, `id="f-${field}-error"`, field);
  assert.match(badHtml, 'value="form@example.com"', 'what was typed stays');
  assert.not.match(badHtml, 'value="short"', 'but never the password');
  const crossSite = await form('/my/register', { accountNumber: account.accountNumber, lastName: 'Doe', latestBillAmount: '42.50', email: 'form@example.com', password: 'a long enough password' }, { origin: 'https://evil.example' });
  assert.is(crossSite.status, 403);
  assert.equal(await counts(), before);
  const good = await form('/my/register', { accountNumber: account.accountNumber.toLowerCase(), lastName: 'DOE', latestBillAmount: '$42.50', email: 'form@example.com', password: 'a long enough password' });
  assert.is(good.status, 202);
  assert.match(await good.text(), 'If these details match an account');
  const token = tokenIn((await waitFor(() => mailsTo('form@example.com')[0], 'the link from the form')).body);
  const crossConfirm = await form('/my/confirm', { token }, { origin: 'https://evil.example' });
  assert.is(crossConfirm.status, 403, 'the confirm button is CSRF-checked too');
  const confirmed = await form('/my/confirm', { token });
  assert.is(confirmed.status, 200);
  assert.match(await confirmed.text(), 'Your portal access is ready');
});

test('an account with portal access already: the requester is told, no second consumer is made', async () => {
  const account = await accountWithBill('Doe', 4_250, null);
  assert.is((await post('/portal/register', registration(account.accountNumber, { email: 'first.holder@example.com' }))).status, 202);
  const first = tokenIn((await waitFor(() => mailsTo('first.holder@example.com')[0], 'first link')).body);
  assert.is((await post('/portal/register', registration(account.accountNumber, { email: 'second.holder@example.com' }))).status, 202);
  const second = tokenIn((await waitFor(() => mailsTo('second.holder@example.com')[0], 'second link')).body);
  assert.is((await post('/portal/confirm', { token: first })).status, 200);
  const late = await post('/portal/confirm', { token: second });
  assert.is(late.status, 409, 'one active consumer per account');
  assert.is((await post('/portal/register', registration(account.accountNumber, { email: 'third.holder@example.com' }))).status, 202);
  const told = await waitFor(() => mailsTo('third.holder@example.com')[0], 'the account-taken notice');
  assert.is(told.subject, 'This account already has portal access');
});

test('more than the hourly limit from one address: still 202, nothing hashed, written or sent; the rows keep the address', async () => {
  const fromHere = async () => Number((await query().selectFrom('portal_registration').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('ip_address', '=', '127.0.0.1').where('created_at', '>', sql<Date>`now() - interval '1 hour'`).executeTakeFirstOrThrow()).n);
  assert.ok((await fromHere()) > 0, 'the requests above were recorded with their address');
  const limit = server.deps.config.PORTAL_REGISTRATIONS_PER_ADDRESS_PER_HOUR;
  for (let i = await fromHere(); i < limit; i += 1) {
    assert.is((await post('/portal/register', registration(`WU-7${String(i).padStart(4, '0')}`, { email: `spray${i}@example.com` }))).status, 202);
  }
  const before = await counts();
  const account = await accountWithBill('Doe', 4_250, null);
  const over = await post('/portal/register', registration(account.accountNumber, { email: 'one.too.many@example.com' }));
  assert.is(over.status, 202, 'the same answer');
  assert.equal(await counts(), before, 'nothing written');
  await query().updateTable('portal_registration').set({ created_at: sql<Date>`now() - interval '61 minutes'` }).where('ip_address', '=', '127.0.0.1').execute();
  assert.is((await post('/portal/register', registration(account.accountNumber, { email: 'one.too.many@example.com' }))).status, 202);
  await waitFor(() => mailsTo('one.too.many@example.com')[0], 'the link once the hour is over');

  // Over the limit the password is not even hashed: at a real cost, the refused request takes a fraction of a hashed one.
  const policy = { cost: scryptCost(16), secret: 'x'.repeat(32), perAddressPerHour: 1 };
  const timed = async (email: string) => {
    const started = performance.now();
    const receipt = await requestRegistration(server.db.orm.em.fork(), { ...registration('WU-79999', { email }), ipAddress: '192.0.2.7' }, policy);
    return { outcome: receipt.outcome, ms: performance.now() - started };
  };
  const hashed = await timed('first.from.there@example.com');
  const refused = await timed('second.from.there@example.com');
  assert.equal([hashed.outcome, refused.outcome], ['no_match', 'over_limit']);
  assert.ok(refused.ms < hashed.ms / 3, `refused in ${refused.ms.toFixed(1)} ms, hashed in ${hashed.ms.toFixed(1)} ms`);
});

test.run();
