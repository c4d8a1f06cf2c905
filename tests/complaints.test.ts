/**
 * Complaints through the JSON API and the Service tab's htmx forms: open, resolve once,
 * the bad inputs of each (nothing written when refused), and the effect of resolving a
 * complaint open for more than 30 days on the alerts and the health score.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../domain/common/database.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { apiToken, htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { refusedWithoutWrites } from './support/record-counts.js';
import { insertRow } from './support/rows.js';
import { noonDaysAgo } from './support/timeline-fixture.js';

let server: TestServer;
let token: string;
let session: SignedIn;
let account: { id: number; accountNumber: string };
let other: { id: number; accountNumber: string };

test.before(async () => {
  server = await startTestServer('complaints');
  const agent = await createUser(server.db, 'agent');
  token = await apiToken(server.baseUrl, agent.email, agent.password);
  session = await signIn(server.baseUrl, agent.email, agent.password);
  account = await insertMinimalAccount(server.db.orm);
  other = await insertMinimalAccount(server.db.orm);
});
test.after(async () => server.close());

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: JSON.parse(await response.text()) };
}
const htmx = (path: string, form?: Record<string, string>) => htmxRequest(server.baseUrl, session, path, form);
const query = () => db(server.db.orm.em);

const apiCase = (method: string, path: string, body?: unknown) => async () => {
  const r = await api(method, path, body);
  return { status: r.status, fields: Object.keys(r.body?.error?.details?.fields ?? {}) };
};
const htmxCase = (path: string, form: Record<string, string>, formId = '') => async () => {
  const response = await htmx(path, form);
  const html = await response.text();
  return { status: response.status, fields: [...html.matchAll(/id="f-([A-Za-z0-9-]+)-error"/g)].map((m) => m[1].replace(`${formId}-`, '')) };
};

test('API: open a complaint → 201 open, audited; listed on the account', async () => {
  const r = await api('POST', `/accounts/${account.accountNumber}/complaints`, { category: 'low pressure', description: 'Weak shower upstairs.' });
  assert.is(r.status, 201);
  assert.equal([r.body.status, r.body.category, r.body.resolvedAt], ['open', 'low pressure', null]);
  const [audit] = await query().selectFrom('audit_log').select(['action', 'after'])
    .where('entity', '=', 'complaint').where('entity_id', '=', String(r.body.id)).execute();
  assert.equal([audit.action, audit.after?.status], ['complaint.open', 'open']);
  const list = await api('GET', `/accounts/${account.accountNumber}/complaints`);
  assert.is(list.body.items[0].id, r.body.id);
});

test('API: bad complaints are refused with the field named, and nothing is written', async () => {
  const path = `/accounts/${account.accountNumber}/complaints`;
  await refusedWithoutWrites(server.db.orm, [
    { name: 'missing category', run: apiCase('POST', path, { description: 'x' }), status: 422, field: 'category' },
    { name: 'blank category', run: apiCase('POST', path, { category: ' ', description: 'x' }), status: 422, field: 'category' },
    { name: 'numeric description', run: apiCase('POST', path, { category: 'billing', description: 12 }), status: 422, field: 'description' },
    { name: 'too long category', run: apiCase('POST', path, { category: 'x'.repeat(101), description: 'x' }), status: 422, field: 'category' },
    { name: 'unknown account', run: apiCase('POST', '/accounts/WU-99999/complaints', { category: 'billing', description: 'x' }), status: 404 },
  ]);
});

test('API: resolve once (with or without a note); again → 409; unknown → 404; nothing written when refused', async () => {
  const opened = (await api('POST', `/accounts/${account.accountNumber}/complaints`, { category: 'billing', description: 'Charged twice.' })).body;
  const resolved = await api('POST', `/complaints/${opened.id}/resolve`, { resolution: 'Duplicate reversed.' });
  assert.is(resolved.status, 200);
  assert.equal([resolved.body.status, resolved.body.resolution], ['resolved', 'Duplicate reversed.']);
  assert.ok(resolved.body.resolvedAt);
  const [audit] = await query().selectFrom('audit_log').select(['before', 'after'])
    .where('action', '=', 'complaint.resolve').where('entity_id', '=', String(opened.id)).execute();
  assert.equal([audit.before?.status, audit.after?.status], ['open', 'resolved']);

  const bare = (await api('POST', `/accounts/${account.accountNumber}/complaints`, { category: 'meter', description: 'Lid broken.' })).body;
  const noBody = await fetch(`${server.baseUrl}/api/v1/complaints/${bare.id}/resolve`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  assert.is(noBody.status, 200, 'the body is optional');

  const again = await api('POST', `/complaints/${opened.id}/resolve`, {});
  assert.is(again.status, 409);
  assert.is(again.body.error.details.currentStatus, 'resolved');
  const open = (await api('POST', `/accounts/${account.accountNumber}/complaints`, { category: 'staff', description: 'Rude.' })).body;
  await refusedWithoutWrites(server.db.orm, [
    { name: 'already resolved', run: apiCase('POST', `/complaints/${opened.id}/resolve`, { resolution: 'again' }), status: 409 },
    { name: 'unknown complaint', run: apiCase('POST', '/complaints/999999/resolve', {}), status: 404 },
    { name: 'numeric resolution', run: apiCase('POST', `/complaints/${open.id}/resolve`, { resolution: 5 }), status: 422, field: 'resolution' },
    { name: 'id not a number', run: apiCase('POST', '/complaints/x1/resolve', {}), status: 404 },
  ]);
});

test('resolving a complaint open for 45 days clears its alert and its health penalty at once', async () => {
  const id = await insertRow(query(), 'complaint', {
    account_id: other.id, category: 'service', description: 'Nobody called back', status: 'open', opened_at: noonDaysAgo(45), // 45 of the utility's calendar days, whatever the hour and DST
  });
  const before = await api('GET', `/accounts/${other.accountNumber}`);
  assert.ok(before.body.alerts.some((a: { kind: string }) => a.kind === 'stale_complaints'));
  const penalties = (await api('GET', `/accounts/${other.accountNumber}/health`)).body.penalties;
  assert.ok(penalties.some((p: { kind: string; points: number }) => p.kind === 'stale_complaints' && p.points === 5));
  const service = await (await htmx(`/accounts/${other.accountNumber}/service`)).text();
  assert.match(service, /data-complaint="\d+"[\s\S]*data-stale="true"[^>]*>[^<]*open 45 days/);

  assert.is((await api('POST', `/complaints/${id}/resolve`, { resolution: 'Called back and apologised.' })).status, 200);
  const after = await api('GET', `/accounts/${other.accountNumber}`);
  assert.not.ok(after.body.alerts.some((a: { kind: string }) => a.kind.includes('complaints')));
  const health = (await api('GET', `/accounts/${other.accountNumber}/health`)).body;
  assert.not.ok(health.penalties.some((p: { kind: string; points: number }) => p.kind === 'stale_complaints' && p.points > 0));
  assert.ok(after.body.healthScore > before.body.healthScore);
});

test('htmx: open and resolve from the Service tab; bad fields answered inline; nothing written when refused', async () => {
  const path = `/accounts/${account.accountNumber}/complaints`;
  const response = await htmx(path, { category: 'water quality', description: 'Cloudy water in the mornings.' });
  assert.is(response.status, 200);
  const html = await response.text();
  assert.match(html, 'data-tab="service"');
  assert.match(html, 'Cloudy water in the mornings.');
  const [{ id }] = await query().selectFrom('complaint').select('id').where('description', '=', 'Cloudy water in the mornings.').execute();
  assert.match(html, `id="complaint-resolve-${id}"`);

  await refusedWithoutWrites(server.db.orm, [
    { name: 'missing category', run: htmxCase(path, { category: '', description: 'x' }, 'complaint-new'), status: 422, field: 'category' },
    { name: 'missing description', run: htmxCase(path, { category: 'billing' }, 'complaint-new'), status: 422, field: 'description' },
    { name: 'unknown account', run: htmxCase('/accounts/WU-99999/complaints', { category: 'billing', description: 'x' }), status: 404 },
    { name: 'complaint of another account', run: htmxCase(`/accounts/${other.accountNumber}/complaints/${id}/resolve`, {}), status: 404 },
    { name: 'too long resolution', run: htmxCase(`${path}/${id}/resolve`, { resolution: 'x'.repeat(5001) }, `complaint-resolve-${id}`), status: 422, field: 'resolution' },
  ]);

  const resolved = await htmx(`${path}/${id}/resolve`, { resolution: 'Flushed the main; sample fine.' });
  assert.is(resolved.status, 200);
  const tab = await resolved.text();
  assert.match(tab, 'Resolution: Flushed the main; sample fine.');
  assert.not.match(tab, `id="complaint-resolve-${id}"`);
  assert.match(tab, 'id="profile-header"', 'the header (alerts, score) is refreshed too');
  const again = await htmx(`${path}/${id}/resolve`, {});
  assert.is(again.status, 409);
  assert.is(again.headers.get('hx-retarget'), '#flash');
});

test.run();
