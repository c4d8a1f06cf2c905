/**
 * Meter exchange (docs/rules.md#meter-exchange) with hand-worked numbers: old meter read 1,000 then 1,200;
 * exchanged with a final reading of 1,300 and the new meter's initial 5; the new meter's next reading 105.
 * Consumption across the exchange = (1,300 − 1,200) + (105 − 5) = 200, and 105 < 1,300 is no regression.
 * Bad input through the JSON API and the Connections tab's form is refused field by field, writing nothing;
 * a repair order completed with a new meter records the same exchange.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { isoDay, utilityIsoDay } from '../domain/common/calendar.js';
import { htmxRequest, type SignedIn } from './support/browser-session.js';
import type { TestServer } from './support/app-server.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { insertRow } from './support/rows.js';
import { startOrderDesk, type OrderDesk } from './support/order-desk.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';

let desk: OrderDesk;
let server: TestServer;
let agent: string;
let dispatcher: string;
let agentPage: SignedIn;
let technicianId: number;

test.before(async () => {
  desk = await startOrderDesk('meter_exchange', ['repair']);
  ({ server, agent, dispatcher, agentPage, technicianId } = desk);
});
test.after(() => desk.close());

const rows = () => db(server.db.orm.em);
const today = () => utilityIsoDay(new Date(), TEST_TIME_ZONE);
const daysAgo = (n: number) => isoDay(new Date(Date.parse(`${today()}T00:00:00Z`) - n * 86_400_000));
let spare = 0;

const call = (path: string, token: string, body: unknown) => desk.post(path, token, body);

/** An account whose meter read 1,000 (40 days ago) and 1,200 (20 days ago), and a spare meter in stock. */
async function accountAndSpare() {
  const account = await insertMinimalAccount(server.db.orm);
  for (const [ago, value, consumption] of [[40, 1000, null], [20, 1200, 200]] as const) {
    await insertRow(rows(), 'reading', {
      meter_id: account.meterId, account_id: account.id, read_at: daysAgo(ago), value, consumption, verification_status: 'verified',
      flags: [], source: 'field', meter_replaced: false, created_at: sql`now()`,
    });
  }
  spare += 1;
  const newMeter = `M-NEW${spare}${randomBytes(2).toString('hex').toUpperCase()}`;
  await insertRow(rows(), 'meter', {
    meter_number: newMeter, device_number: `D-${newMeter}`, type: 'Residential', model: 'Aquaflow X300', installed_at: '2026-01-01',
    reading_status: 'inactive', created_at: sql`now()`,
  });
  return { ...account, newMeter };
}

const counts = async () => {
  const n = async (table: 'reading' | 'meter_assignment' | 'audit_log') =>
    Number((await rows().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { readings: await n('reading'), assignments: await n('meter_assignment'), audits: await n('audit_log') };
};

const readingsOf = (accountId: number) => rows().selectFrom('reading').innerJoin('meter', 'meter.id', 'reading.meter_id')
  .select(['meter.meter_number', 'reading.read_at', 'reading.value', 'reading.consumption', 'reading.flags', 'reading.source'])
  .where('reading.account_id', '=', accountId).orderBy('reading.read_at').orderBy('reading.id').execute();

test('consumption across an exchange: old final − old previous + new next − new initial, no regression flag', async () => {
  const a = await accountAndSpare();
  const exchanged = await call(`/accounts/${a.accountNumber}/meter-exchanges`, agent, {
    oldMeterFinalReading: 1300, newMeterNumber: a.newMeter.toLowerCase(), newMeterInitialReading: 5, exchangedOn: daysAgo(10),
  });
  assert.is(exchanged.status, 201, JSON.stringify(exchanged.body));
  assert.equal(exchanged.body.oldMeter.consumption, 100);
  assert.is(exchanged.body.newMeter.meterNumber, a.newMeter);
  const next = await call(`/meters/${a.newMeter}/readings`, agent, { readAt: daysAgo(1), value: 105 });
  assert.is(next.status, 201, JSON.stringify(next.body));
  assert.equal(next.body.flags, [], 'the new register\'s lower value is not a regression');
  assert.is(next.body.consumption, 100);
  const readings = await readingsOf(a.id);
  assert.equal(readings.map((r) => [r.meter_number, r.read_at, r.value, r.consumption, r.source]), [
    [a.meterNumber, daysAgo(40), 1000, null, 'field'],
    [a.meterNumber, daysAgo(20), 1200, 200, 'field'],
    [a.meterNumber, daysAgo(10), 1300, 100, 'exchange'],
    [a.newMeter, daysAgo(10), 5, null, 'exchange'],
    [a.newMeter, daysAgo(1), 105, 100, 'manual'],
  ]);
  const across = readings.slice(2).reduce((sum, r) => sum + (r.consumption ?? 0), 0);
  assert.is(across, 200, '(1,300 − 1,200) + (105 − 5)');
  assert.ok(readings.every((r) => r.flags.length === 0));

  const assignments = await rows().selectFrom('meter_assignment').innerJoin('meter', 'meter.id', 'meter_assignment.meter_id')
    .select(['meter.meter_number', 'meter_assignment.assigned_at', 'meter_assignment.unassigned_at'])
    .where('meter.meter_number', 'in', [a.meterNumber, a.newMeter]).orderBy('meter_assignment.id').execute();
  assert.equal(assignments, [
    { meter_number: a.meterNumber, assigned_at: '2015-01-01', unassigned_at: daysAgo(10) },
    { meter_number: a.newMeter, assigned_at: daysAgo(10), unassigned_at: null },
  ]);
  const audit = await rows().selectFrom('audit_log').select(['action', 'user_name', 'after'])
    .where('action', '=', 'meter.exchange').where('entity_id', '=', a.accountNumber).execute();
  assert.is(audit.length, 1);
  assert.is(audit[0].user_name, 'Test agent');

  const list = await fetch(`${server.baseUrl}/api/v1/accounts/${a.accountNumber}/readings`, { headers: { authorization: `Bearer ${agent}` } });
  const items = ((await list.json()) as { items: Array<{ value: number; source: string }> }).items;
  assert.equal(items.map((r) => [r.value, r.source]), [[105, 'actual'], [5, 'exchange'], [1300, 'exchange'], [1200, 'actual'], [1000, 'actual']]);
});

test('bad exchanges are 422 naming the field, and write nothing', async () => {
  const a = await accountAndSpare();
  const other = await insertMinimalAccount(server.db.orm);
  const good = { oldMeterFinalReading: 1300, newMeterNumber: a.newMeter, newMeterInitialReading: 5, exchangedOn: daysAgo(10) };
  const before = await counts();
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['new meter already assigned', { newMeterNumber: other.meterNumber }, 'newMeterNumber', new RegExp(`already assigned to ${other.accountNumber}`)],
    ['initial reading negative', { newMeterInitialReading: -1 }, 'newMeterInitialReading', /0 or more/],
    ['date in the future', { exchangedOn: isoDay(new Date(Date.parse(`${today()}T00:00:00Z`) + 2 * 86_400_000)) }, 'exchangedOn', /in the future/],
    ['final below previous', { oldMeterFinalReading: 1199 }, 'oldMeterFinalReading', /below the previous reading \(1,200/],
    ['unknown new meter', { newMeterNumber: 'M-NOPE' }, 'newMeterNumber', /no meter with that number/],
    ['the same meter', { newMeterNumber: a.meterNumber }, 'newMeterNumber', /the meter being replaced/],
    ['before the last reading', { exchangedOn: daysAgo(25) }, 'exchangedOn', /on or before the last reading/],
  ];
  for (const [what, change, field, message] of cases) {
    const answer = await call(`/accounts/${a.accountNumber}/meter-exchanges`, agent, { ...good, ...change });
    assert.is(answer.status, 422, `${what}: ${JSON.stringify(answer.body)}`);
    assert.match(answer.body.error.details.fields[field], message, what);
  }
  assert.equal(await counts(), before, 'nothing written');

  // The Connections tab's form: the same refusal inline, next to the field, with the typed values kept.
  const form = await htmxRequest(server.baseUrl, agentPage, `/accounts/${a.accountNumber}/meter-exchange`, {
    oldMeterNumber: a.meterNumber, oldMeterFinalReading: '1,199', newMeterNumber: other.meterNumber, newMeterInitialReading: '-3', exchangedOn: daysAgo(10),
  });
  assert.is(form.status, 422);
  const html = await form.text();
  assert.match(html, 'id="f-newMeterInitialReading-error"');
  assert.match(html, /a whole number, 0 or more/);
  assert.match(html, 'value="1,199"');
  const form2 = await htmxRequest(server.baseUrl, agentPage, `/accounts/${a.accountNumber}/meter-exchange`, {
    oldMeterNumber: a.meterNumber, oldMeterFinalReading: '1199', newMeterNumber: other.meterNumber, newMeterInitialReading: '3', exchangedOn: daysAgo(10),
  });
  assert.is(form2.status, 422);
  const html2 = await form2.text();
  assert.match(html2, `already assigned to ${other.accountNumber}`);
  assert.match(html2, /below the previous reading/);
  assert.equal(await counts(), before, 'nothing written by the form either');

  const ok = await htmxRequest(server.baseUrl, agentPage, `/accounts/${a.accountNumber}/meter-exchange`, {
    oldMeterNumber: a.meterNumber, oldMeterFinalReading: '1,300', newMeterNumber: a.newMeter, newMeterInitialReading: '5', exchangedOn: daysAgo(10),
  });
  assert.is(ok.status, 200);
  assert.match(await ok.text(), `replaced by ${a.newMeter}`);
});

test('a repair order completed with a new meter records the exchange once', async () => {
  const a = await accountAndSpare();
  const created = await call('/service-orders', agent, { accountNumber: a.accountNumber, type: 'repair', description: 'Meter stuck' });
  assert.is(created.status, 201, JSON.stringify(created.body));
  const order = created.body.orderNumber as string;
  const future = new Date(Date.now() + 86_400_000).toISOString();
  assert.is((await call(`/service-orders/${order}/assign`, dispatcher, { technicianId })).status, 200);
  assert.is((await call(`/service-orders/${order}/schedule`, dispatcher, { scheduledFor: future })).status, 200);
  assert.is((await call(`/service-orders/${order}/start`, dispatcher, {})).status, 200);
  const refused = await call(`/service-orders/${order}/complete`, dispatcher, { newMeterNumber: a.newMeter, newMeterInitialReading: 5, oldMeterFinalReading: 900 });
  assert.is(refused.status, 422, JSON.stringify(refused.body));
  assert.match(refused.body.error.details.fields.oldMeterFinalReading, /below the previous reading/);
  const done = await call(`/service-orders/${order}/complete`, dispatcher, { newMeterNumber: a.newMeter, newMeterInitialReading: 5, oldMeterFinalReading: 1300 });
  assert.is(done.status, 200, JSON.stringify(done.body));
  const readings = await readingsOf(a.id);
  assert.equal(readings.slice(2).map((r) => [r.meter_number, r.read_at, r.value, r.consumption, r.source]), [
    [a.meterNumber, today(), 1300, 100, 'exchange'],
    [a.newMeter, today(), 5, null, 'exchange'],
  ]);
  const audit = await rows().selectFrom('audit_log').select('after').where('action', '=', 'meter.exchange').where('entity_id', '=', a.accountNumber).execute();
  assert.is(audit.length, 1);
  assert.is((audit[0].after as { byOrder: string }).byOrder, order);
});

test.run();
