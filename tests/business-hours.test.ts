/**
 * Business hours and holidays through the app (docs/rules.md#business-hours-and-holidays): the holiday calendar
 * admins edit (validated inline, audited), the SLA clock and business hours on the settings page, the deadlines an
 * order stores at creation on its clock, and the order page and board showing them with the business time left.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../domain/common/database.js';
import { addBusinessMinutes } from '../domain/common/business-time.js';
import { utilityIsoDay } from '../domain/common/calendar.js';
import { nextDay } from '../domain/common/time-of-day.js';
import { createServiceOrder } from '../domain/service-orders/service-orders.js';
import { loadBusinessCalendar } from '../domain/settings/holidays.js';
import { getSetting } from '../domain/settings/settings.js';
import { htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';

let server: TestServer;
let admin: SignedIn;
let dispatcher: SignedIn;
const actor = { userId: null, name: 'Business hours test' };

test.before(async () => {
  server = await startTestServer('business_hours');
  const a = await createUser(server.db, 'admin');
  const d = await createUser(server.db, 'dispatcher');
  admin = await signIn(server.baseUrl, a.email, a.password);
  dispatcher = await signIn(server.baseUrl, d.email, d.password);
});
test.after(async () => server.close());

const rows = () => db(server.db.orm.em);
const holidays = () => rows().selectFrom('holiday').select(['day', 'name']).orderBy('day').execute();
const audits = (action: string) => rows().selectFrom('audit_log').select(['entity_id', 'before', 'after']).where('action', '=', action).orderBy('id').execute();
const post = (session: SignedIn, path: string, form: Record<string, string>) => htmxRequest(server.baseUrl, session, path, form);

test('admins add holidays; a bad date, a missing name or a day already listed is refused inline with nothing written', async () => {
  for (const [form, field] of [
    [{ day: '2026-02-30', name: 'Nowhere Day' }, 'day'],
    [{ day: 'next friday', name: 'Vague Day' }, 'day'],
    [{ day: '2026-12-25', name: '' }, 'name'],
  ] as const) {
    const refused = await post(admin, '/admin/settings/holidays', form);
    assert.is(refused.status, 422, JSON.stringify(form));
    assert.match(await refused.text(), `f-${field}-error`);
  }
  assert.equal(await holidays(), []);
  const added = await post(admin, '/admin/settings/holidays', { day: '2026-12-25', name: 'Christmas Day' });
  assert.is(added.status, 200);
  assert.match(await added.text(), 'Christmas Day');
  const again = await post(admin, '/admin/settings/holidays', { day: '2026-12-25', name: 'Christmas again' });
  assert.is(again.status, 422);
  assert.match(await again.text(), 'already a holiday');
  assert.equal(await holidays(), [{ day: '2026-12-25', name: 'Christmas Day' }]);
  assert.equal((await audits('holiday.add')).map((a) => a.entity_id), ['2026-12-25']);
  assert.is((await post(dispatcher, '/admin/settings/holidays', { day: '2027-01-01', name: "New Year's Day" })).status, 403);
});

test('admins remove a holiday (audited); an unknown one is a 404', async () => {
  const { id } = await rows().selectFrom('holiday').select('id').where('day', '=', '2026-12-25').executeTakeFirstOrThrow();
  const removed = await post(admin, `/admin/settings/holidays/${id}/remove`, {});
  assert.is(removed.status, 200);
  assert.match(await removed.text(), 'removed');
  assert.equal(await holidays(), []);
  assert.equal((await audits('holiday.remove')).map((a) => a.before), [{ day: '2026-12-25', name: 'Christmas Day' }]);
  assert.is((await post(admin, `/admin/settings/holidays/${id}/remove`, {})).status, 404);
});

test('the settings page edits the SLA clock, business hours and default quiet hours; impossible hours are refused inline', async () => {
  const page = await (await fetch(`${server.baseUrl}/admin/settings`, { headers: { cookie: admin.cookie } })).text();
  assert.match(page, 'name="businessStart" value="08:00"');
  assert.match(page, 'name="quietStart" value="21:00"');
  assert.match(page, 'id="holidays"');
  const sla = {
    emergencyAssign: '1', emergencyComplete: '4', highAssign: '4', highComplete: '24', normalAssign: '24', normalComplete: '72',
    lowAssign: '72', lowComplete: '168', reminderLeadHours: '24', emergencyClock: 'wall', highClock: 'business', normalClock: 'business', lowClock: 'business',
    businessStart: '08:00', businessEnd: '17:00',
  };
  const backwards = await post(admin, '/admin/settings/sla', { ...sla, businessStart: '17:00', businessEnd: '08:00' });
  assert.is(backwards.status, 422);
  assert.match(await backwards.text(), 'f-businessEnd-error');
  const badClock = await post(admin, '/admin/settings/sla', { ...sla, lowClock: 'sundial' });
  assert.is(badClock.status, 422);
  assert.match(await badClock.text(), 'f-lowClock-error');
  assert.is((await post(admin, '/admin/settings/sla', { ...sla, highClock: 'wall', businessStart: '07:30' })).status, 200);
  const saved = await getSetting(server.db.orm.em.fork(), 'sla');
  assert.is(saved.clockByPriority.high, 'wall');
  assert.equal(saved.businessHours, { start: '07:30', end: '17:00', days: [1, 2, 3, 4, 5] });
  assert.equal(saved.clockByType, { reconnection: 'wall' }, 'type clocks kept');
  assert.is((await post(admin, '/admin/settings/sla', sla)).status, 200); // back to the defaults for the tests below

  const badQuiet = await post(admin, '/admin/settings/quiet-hours', { quietStart: '9pm', quietEnd: '08:00' });
  assert.is(badQuiet.status, 422);
  assert.match(await badQuiet.text(), 'f-quietStart-error');
  assert.is((await post(admin, '/admin/settings/quiet-hours', { quietStart: '22:00', quietEnd: '07:00' })).status, 200);
  const notifications = await getSetting(server.db.orm.em.fork(), 'notifications');
  assert.equal(notifications.quietHours, { start: '22:00', end: '07:00' });
  assert.is(notifications.attempts, 6, 'the rest of the setting untouched');
});

test('an order stores its deadlines at creation: business hours for a normal repair, the wall clock for an emergency', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const before = new Date();
  const normal = await createServiceOrder(server.db.orm.em.fork(), { accountNumber: account.accountNumber, type: 'repair', description: 'Drip' }, actor, TEST_TIME_ZONE);
  const emergency = await createServiceOrder(server.db.orm.em.fork(), { accountNumber: account.accountNumber, type: 'repair', description: 'Burst main', priority: 'emergency' }, actor, TEST_TIME_ZONE);
  const after = new Date();
  const calendar = await loadBusinessCalendar(server.db.orm.em.fork(), TEST_TIME_ZONE);
  const stored = async (orderNumber: string) => rows().selectFrom('service_order').select(['assign_due_at', 'sla_due_at'])
    .where('order_number', '=', orderNumber).executeTakeFirstOrThrow();
  const within = (due: Date | null, earliest: Date, latest: Date, what: string) =>
    assert.ok(due && due >= earliest && due <= latest, `${what}: ${due?.toISOString()} not in ${earliest.toISOString()}…${latest.toISOString()}`);
  const n = await stored(normal.orderNumber);
  within(n.assign_due_at, addBusinessMinutes(before, 24 * 60, calendar), addBusinessMinutes(after, 24 * 60, calendar), 'normal assign-by');
  within(n.sla_due_at, addBusinessMinutes(before, 72 * 60, calendar), addBusinessMinutes(after, 72 * 60, calendar), 'normal complete-by');
  const e = await stored(emergency.orderNumber);
  within(e.assign_due_at, new Date(before.getTime() + 3600_000), new Date(after.getTime() + 3600_000), 'emergency assign-by');
  within(e.sla_due_at, new Date(before.getTime() + 4 * 3600_000), new Date(after.getTime() + 4 * 3600_000), 'emergency complete-by');
});

test('holidays move a business-hours deadline past them', async () => {
  // Every day of the next three weeks is a holiday: 24 business hours cannot end before they are over.
  let day = utilityIsoDay(new Date(), TEST_TIME_ZONE);
  const days: string[] = [];
  for (let i = 0; i < 21; i++, day = nextDay(day)) days.push(day);
  await rows().insertInto('holiday').values(days.map((d) => ({ day: d, name: 'Shutdown', created_at: new Date() }))).execute();
  try {
    const account = await insertMinimalAccount(server.db.orm);
    const order = await createServiceOrder(server.db.orm.em.fork(), { accountNumber: account.accountNumber, type: 'repair', description: 'Drip' }, actor, TEST_TIME_ZONE);
    const { assign_due_at: due } = await rows().selectFrom('service_order').select('assign_due_at').where('order_number', '=', order.orderNumber).executeTakeFirstOrThrow();
    assert.ok(due && utilityIsoDay(due, TEST_TIME_ZONE) > days.at(-1)!, `due ${due?.toISOString()}`);
  } finally {
    await rows().deleteFrom('holiday').where('name', '=', 'Shutdown').execute();
  }
});

test('the order page and the board show each deadline and the business time left', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const order = await createServiceOrder(server.db.orm.em.fork(), { accountNumber: account.accountNumber, type: 'inspection', description: 'Check meter' }, actor, TEST_TIME_ZONE);
  const page = await (await fetch(`${server.baseUrl}/service-orders/${order.orderNumber}`, { headers: { cookie: dispatcher.cookie } })).text();
  assert.match(page, 'Business hours (holidays skipped)');
  assert.match(page, 'data-sla="assignment"');
  assert.match(page, 'data-sla="completion"');
  assert.match(page, /\d+ h \d{2} min of business time left/);
  const board = await (await fetch(`${server.baseUrl}/service-orders`, { headers: { cookie: dispatcher.cookie } })).text();
  const card = board.slice(board.indexOf(`id="order-${order.orderNumber}"`));
  assert.match(card.slice(0, card.indexOf('</article>')), /Complete by.*of business time left/s);
});

test.run();
