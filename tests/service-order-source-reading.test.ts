/**
 * An order created from a flagged reading (`sourceReadingId`): only the account's own pending, flagged reading with no
 * open inspection (else 422, nothing created); its verification on completion is audited with the completing
 * dispatcher; and the reading then links to its inspection instead of offering a new one.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../domain/common/database.js';
import { enterReading } from '../domain/readings/reading-verification.js';
import { type SignedIn } from './support/browser-session.js';
import type { TestServer } from './support/app-server.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { startOrderDesk, type OrderDesk } from './support/order-desk.js';

let desk: OrderDesk;
let server: TestServer;
let agent: string;
let dispatcher: string;
let agentPage: SignedIn;
let technicianId: number;

test.before(async () => {
  desk = await startOrderDesk('so_source_reading', ['inspection']);
  ({ server, agent, dispatcher, agentPage, technicianId } = desk);
});
test.after(() => desk.close());

const rows = () => db(server.db.orm.em);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const someone = { userId: null, name: 'Setup' };
const orderCount = async () => Number((await rows().selectFrom('service_order').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

const call = (path: string, token: string, body: unknown) => desk.post(path, token, body);

/** An account with a pending reading flagged as a regression (and the unflagged one before it). */
async function accountWithFlaggedReading() {
  const account = await insertMinimalAccount(server.db.orm);
  const plain = await enterReading(server.db.orm.em.fork(), account.meterNumber, { readAt: daysAgo(60), value: 12_000 }, someone, 'America/Chicago');
  const flagged = await enterReading(server.db.orm.em.fork(), account.meterNumber, { readAt: daysAgo(2), value: 11_000 }, someone, 'America/Chicago');
  assert.equal(flagged.flags, ['regression']);
  return { ...account, plainId: plain.id, flaggedId: flagged.id };
}

const inspection = (accountNumber: string, sourceReadingId: number) =>
  call('/service-orders', agent, { accountNumber, type: 'inspection', description: 'Check the register', sourceReadingId });

test('sourceReadingId: another account’s, unknown, unflagged, verified, or already inspected readings are 422 and create nothing', async () => {
  const mine = await accountWithFlaggedReading();
  const theirs = await accountWithFlaggedReading();
  const verified = await accountWithFlaggedReading();
  await call(`/readings/${verified.flaggedId}/verify`, agent, {});
  const before = await orderCount();
  const refusals: Array<[string, number, string | RegExp]> = [
    ['another account', theirs.flaggedId, 'a reading of another account'],
    ['unknown', 99_999_999, 'unknown reading'],
    // Beyond the id column's range: refused by the request schema itself (the shared row-id type).
    ['out of range', 3_000_000_000, /2147483647/],
    ['not flagged', mine.plainId, 'not flagged'],
  ];
  for (const [what, id, reason] of refusals) {
    const answer = await inspection(mine.accountNumber, id);
    assert.is(answer.status, 422, `${what}: ${JSON.stringify(answer.body)}`);
    if (typeof reason === 'string') assert.is(answer.body.error.details.fields.sourceReadingId, reason, what);
    else assert.match(answer.body.error.details.fields.sourceReadingId, reason, what);
  }
  const alreadyVerified = await inspection(verified.accountNumber, verified.flaggedId);
  assert.is(alreadyVerified.status, 422);
  assert.is(alreadyVerified.body.error.details.fields.sourceReadingId, 'already verified');
  assert.is(await orderCount(), before, 'nothing created');

  assert.is((await inspection(mine.accountNumber, mine.flaggedId)).status, 201);
  const second = await inspection(mine.accountNumber, mine.flaggedId);
  assert.is(second.status, 422);
  assert.match(second.body.error.details.fields.sourceReadingId, /^inspection SO-\d+ is open$/);
  assert.is(await orderCount(), before + 1);
});

test('completing the inspection verifies its reading, audited with the completing dispatcher', async () => {
  const account = await accountWithFlaggedReading();
  const created = await inspection(account.accountNumber, account.flaggedId);
  const order = created.body.orderNumber as string;
  const future = new Date(Date.now() + 86_400_000).toISOString();
  assert.is((await call(`/service-orders/${order}/assign`, dispatcher, { technicianId })).status, 200);
  assert.is((await call(`/service-orders/${order}/schedule`, dispatcher, { scheduledFor: future })).status, 200);
  assert.is((await call(`/service-orders/${order}/start`, dispatcher, {})).status, 200);
  const done = await call(`/service-orders/${order}/complete`, dispatcher, { resolution: { verifyFlaggedReading: true } });
  assert.is(done.status, 200, JSON.stringify(done.body));

  const reading = await rows().selectFrom('reading').innerJoin('app_user as u', 'u.id', 'reading.verified_by_id')
    .select(['reading.verification_status', 'u.email']).where('reading.id', '=', account.flaggedId).executeTakeFirstOrThrow();
  assert.equal(reading, { verification_status: 'verified', email: 'dana@example.com' });
  const audit = await rows().selectFrom('audit_log').select(['user_name', 'user_id', 'after'])
    .where('action', '=', 'reading.verify').where('entity_id', '=', String(account.flaggedId)).execute();
  assert.is(audit.length, 1);
  assert.is(audit[0].user_name, 'Test dispatcher');
  assert.ok(audit[0].user_id);
  assert.is((audit[0].after as { byOrder?: string }).byOrder, order);
});

test('once an inspection order exists, the reading links to it instead of offering the button', async () => {
  const account = await accountWithFlaggedReading();
  const tab = async () => (await fetch(`${server.baseUrl}/accounts/${account.accountNumber}/connections`, { headers: { cookie: agentPage.cookie } })).text();
  const button = `/readings/${account.flaggedId}/inspection-order`;
  assert.match(await tab(), button);
  const created = await call(`/readings/${account.flaggedId}/inspection-order`, agent, {});
  assert.is(created.status, 201, JSON.stringify(created.body));
  const html = await tab();
  assert.not.match(html, button);
  assert.match(html, `href="/service-orders/${created.body.orderNumber}"`);
  assert.match(html, `/readings/${account.flaggedId}/verify`, 'verify and reject stay');
});

test.run();
