/**
 * Every date field of the JSON API takes `YYYY-MM-DD` (that day in the utility's zone,
 * America/Chicago here) or a date-time with an offset, answers date-times in UTC with `Z`,
 * and refuses anything else with a 422 naming the field, writing nothing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../domain/common/database.js';
import { apiClient } from './support/activity-client.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { apiToken } from './support/browser-session.js';
import { insertMinimalAccount } from './support/minimal-account.js';

let server: TestServer;
let agent: string;
let admin: string;
let client: ReturnType<typeof apiClient>;

test.before(async () => {
  server = await startTestServer('date_inputs');
  client = apiClient(server);
  const a = await createUser(server.db, 'agent');
  const ad = await createUser(server.db, 'admin');
  agent = await apiToken(server.baseUrl, a.email, a.password);
  admin = await apiToken(server.baseUrl, ad.email, ad.password);
});
test.after(async () => server.close());

const query = () => db(server.db.orm.em);
const JUNK = ['x', '2026-02-30', '2026-01-11T22:30:00', '11/01/2026', '2026-01-11T22:30:00+25:00', '0000-01-01', 20260111, null];

/** Each junk value for `field` is a 422 naming it, and no table changes. */
async function refusesJunk(path: string, token: string, body: (value: unknown) => Record<string, unknown>, field: string) {
  const before = await client.snapshot();
  for (const value of JUNK) {
    const response = await client.call('POST', path, token, body(value));
    assert.is(response.status, 422, `${field}=${JSON.stringify(value)}: ${JSON.stringify(response.body)}`);
    assert.ok(response.body.error.details.fields[field], `${field} named for ${JSON.stringify(value)}: ${JSON.stringify(response.body.error.details)}`);
  }
  assert.equal(await client.snapshot(), before, `nothing written for a bad ${field}`);
}

test('readAt: a day, or a date-time read as its local day; junk is a 422', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const path = `/meters/${account.meterNumber}/readings`;
  const cases: Array<[string, string, number]> = [
    ['2026-01-10', '2026-01-10', 1000],
    ['2026-01-11T22:30:00-06:00', '2026-01-11', 1100], // UTC is already the 12th
    ['2026-01-13T05:30:00Z', '2026-01-12', 1200], // 23:30 local on the 12th
    ['2026-03-09T04:30:00Z', '2026-03-08', 1300], // 23:30 CDT on the spring-forward day
    ['2026-11-02T05:30:00Z', '2026-11-01', 1400], // 23:30 CST on the fall-back day
  ];
  for (const [readAt, day, value] of cases) {
    const response = await client.call('POST', path, agent, { readAt, value });
    assert.is(response.status, 201, JSON.stringify(response.body));
    assert.is(response.body.readAt, day, readAt);
  }
  const stored = await query().selectFrom('reading').select('read_at').where('account_id', '=', account.id).orderBy('read_at').execute();
  assert.equal(stored.map((r) => String(r.read_at)), cases.map(([, day]) => day));
  await refusesJunk(path, agent, (readAt) => ({ readAt, value: 2000 }), 'readAt');
});

test('paidAt: a day is its first local moment, a date-time is that instant, answered in UTC; junk is a 422', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const path = `/accounts/${account.accountNumber}/payments`;
  const cases: Array<[string, string]> = [
    ['2026-01-10', '2026-01-10T06:00:00.000Z'],
    ['2026-01-10T22:30:00-06:00', '2026-01-11T04:30:00.000Z'],
    ['2026-01-11T04:30:00Z', '2026-01-11T04:30:00.000Z'],
    ['2026-03-08', '2026-03-08T06:00:00.000Z'],
    ['2026-11-01', '2026-11-01T05:00:00.000Z'],
  ];
  for (const [i, [paidAt, instant]] of cases.entries()) {
    const response = await client.call('POST', path, agent, { paidAt, reference: `DATE-${account.id}-${i}`, amountCents: 100, method: 'cash', status: 'processed' });
    assert.is(response.status, 201, JSON.stringify(response.body));
    assert.is(response.body.paidAt, instant, paidAt);
  }
  await refusesJunk(path, agent, (paidAt) => ({ paidAt, reference: `JUNK-${account.id}`, amountCents: 100, method: 'cash', status: 'processed' }), 'paidAt');
});

test('bill dates: each of the four takes both forms; junk in any is a 422 naming it', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const path = `/accounts/${account.accountNumber}/bills`;
  const bill = {
    periodStart: '2025-12-01', periodEnd: '2025-12-31T23:30:00-06:00', issuedAt: '2026-01-02T05:30:00Z', dueDate: '2026-01-21T23:59:00-06:00',
    amountCents: 4_200, usage: 3_000,
  };
  const created = await client.call('POST', path, admin, bill);
  assert.is(created.status, 201, JSON.stringify(created.body));
  assert.equal([created.body.periodStart, created.body.periodEnd, created.body.issuedAt, created.body.dueDate],
    ['2025-12-01', '2025-12-31', '2026-01-01', '2026-01-21']);
  const same = await client.call('POST', path, admin, { ...bill, periodEnd: '2025-12-31', issuedAt: '2026-01-01', dueDate: '2026-01-22T05:59:00Z' });
  assert.is(same.status, 200, 'the same bill in the other format is recognised');
  for (const field of ['periodStart', 'periodEnd', 'issuedAt', 'dueDate']) {
    await refusesJunk(path, admin, (value) => ({ ...bill, periodStart: '2026-02-01', periodEnd: '2026-02-28', [field]: value }), field);
  }
});

test('customerSince and occurredAt take both forms; junk is a 422', async () => {
  const newAccount = {
    firstName: 'Ada', lastName: 'Lovelace', serviceAddress: '10 Analytical Way', ratePlan: 'Standard Residential',
    billingCycle: 'quarterly', paymentMethod: 'manual',
  };
  const byDay = await client.call('POST', '/accounts', agent, { ...newAccount, customerSince: '2020-03-08' });
  assert.is(byDay.status, 201, JSON.stringify(byDay.body));
  assert.is(byDay.body.customerSince, '2020-03-08');
  const byInstant = await client.call('POST', '/accounts', agent, { ...newAccount, customerSince: '2020-03-09T04:30:00Z' });
  assert.is(byInstant.body.customerSince, '2020-03-08', '23:30 CDT on 8 March');
  await refusesJunk('/accounts', agent, (customerSince) => ({ ...newAccount, customerSince }), 'customerSince');

  const path = `/accounts/${byDay.body.accountNumber}/communications`;
  const note = { channel: 'email', direction: 'to_customer', body: 'Hello' };
  const day = await client.call('POST', path, agent, { ...note, occurredAt: '2026-01-05' });
  assert.is(day.status, 201, JSON.stringify(day.body));
  assert.is(day.body.occurredAt, '2026-01-05T06:00:00.000Z');
  const instant = await client.call('POST', path, agent, { ...note, occurredAt: '2026-01-05T10:00:00+01:00' });
  assert.is(instant.body.occurredAt, '2026-01-05T09:00:00.000Z');
  await refusesJunk(path, agent, (occurredAt) => ({ ...note, occurredAt }), 'occurredAt');
});

test.run();
