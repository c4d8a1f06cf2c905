/** The admin settings page: SLA timers and VIP thresholds, validated and used at once. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../domain/common/database.js';
import { getSetting } from '../domain/settings/settings.js';
import { htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { insertMinimalAccount } from './support/minimal-account.js';

let server: TestServer;
let admin: SignedIn;
let agent: SignedIn;

test.before(async () => {
  server = await startTestServer('settings_admin');
  const a = await createUser(server.db, 'admin');
  const g = await createUser(server.db, 'agent');
  admin = await signIn(server.baseUrl, a.email, a.password);
  agent = await signIn(server.baseUrl, g.email, g.password);
});
test.after(async () => server.close());

const SLA_FORM = {
  emergencyAssign: '0.5', emergencyComplete: '3', highAssign: '4', highComplete: '24', normalAssign: '24', normalComplete: '72',
  lowAssign: '72', lowComplete: '168', reminderLeadHours: '12',
};
const settingRows = () => db(server.db.orm.em).selectFrom('setting').select('key').orderBy('key').execute();

test('the settings page shows the defaults to an admin and is closed to agents', async () => {
  const page = await fetch(`${server.baseUrl}/admin/settings`, { headers: { cookie: admin.cookie } });
  const html = await page.text();
  assert.is(page.status, 200);
  assert.match(html, 'id="f-emergencyAssign" name="emergencyAssign" value="1"');
  assert.match(html, 'id="f-minCriteria" name="minCriteria" value="4"');
  assert.is((await fetch(`${server.baseUrl}/admin/settings`, { headers: { cookie: agent.cookie } })).status, 403);
  assert.is((await htmxRequest(server.baseUrl, agent, '/admin/settings/sla', SLA_FORM)).status, 403);
});

test('saving SLA timers stores seconds the workflows use; impossible timers are refused inline', async () => {
  const bad = await htmxRequest(server.baseUrl, admin, '/admin/settings/sla', { ...SLA_FORM, highAssign: '30' });
  assert.is(bad.status, 422);
  assert.match(await bad.text(), 'f-highAssign-error');
  const notANumber = await htmxRequest(server.baseUrl, admin, '/admin/settings/sla', { ...SLA_FORM, lowComplete: 'soon' });
  assert.is(notANumber.status, 422);
  assert.equal(await settingRows(), [], 'nothing saved');
  const saved = await htmxRequest(server.baseUrl, admin, '/admin/settings/sla', SLA_FORM);
  assert.is(saved.status, 200);
  assert.match(await saved.text(), 'Saved.');
  const sla = await getSetting(server.db.orm.em.fork(), 'sla');
  assert.equal(sla.byPriority.emergency, { assignWithinSeconds: 1800, completeWithinSeconds: 10800 });
  assert.is(sla.reminderLeadSeconds, 12 * 3600);
  assert.ok(sla.byType.reconnection, 'type overrides kept');
});

test('saving the VIP rule changes what the profile says; out-of-range values are refused', async () => {
  const bad = await htmxRequest(server.baseUrl, admin, '/admin/settings/vip', {
    minCompliancePercent: '95', minBillsDue: '6', minTenureYears: '5', consumptionPercentile: '80', maxComplaints: '1', minCriteria: '6',
  });
  assert.is(bad.status, 422);
  assert.match(await bad.text(), 'f-minCriteria-error');
  const saved = await htmxRequest(server.baseUrl, admin, '/admin/settings/vip', {
    minCompliancePercent: '90', minBillsDue: '6', minTenureYears: '5', consumptionPercentile: '80', maxComplaints: '1', minCriteria: '3',
  });
  assert.is(saved.status, 200);
  const account = await insertMinimalAccount(server.db.orm);
  const profile = await (await fetch(`${server.baseUrl}/accounts/${account.accountNumber}`, { headers: { cookie: agent.cookie } })).text();
  assert.match(profile, '3 make a VIP');
  const audits = await db(server.db.orm.em).selectFrom('audit_log').select('entity_id').where('action', '=', 'setting.update').orderBy('id').execute();
  assert.equal(audits.map((a) => a.entity_id), ['sla', 'vip']);
});

test.run();
