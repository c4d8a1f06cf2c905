/**
 * Notes and communications, written through the JSON API and the profile's htmx forms,
 * with their bad inputs. After every refusal the database is compared with before:
 * nothing is written when a request is refused.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../domain/common/database.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { apiToken, htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { refusedWithoutWrites } from './support/record-counts.js';

let server: TestServer;
let token: string;
let session: SignedIn;
let account: string;

test.before(async () => {
  server = await startTestServer('notes_comms');
  const agent = await createUser(server.db, 'agent');
  token = await apiToken(server.baseUrl, agent.email, agent.password);
  session = await signIn(server.baseUrl, agent.email, agent.password);
  account = (await insertMinimalAccount(server.db.orm)).accountNumber;
});
test.after(async () => server.close());

async function api(method: string, path: string, body?: unknown, options: { raw?: string; auth?: boolean } = {}) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { ...(options.auth === false ? {} : { authorization: `Bearer ${token}` }), 'content-type': 'application/json' },
    body: options.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}


const htmx = (path: string, form?: Record<string, string>, headers: Record<string, string> = {}) => htmxRequest(server.baseUrl, session, path, form, headers);
const query = () => db(server.db.orm.em);

/** Runs the refused requests and checks each answer and that the database did not change. */
const apiCase = (method: string, path: string, body?: unknown, options?: { raw?: string; auth?: boolean }) => async () => {
  const r = await api(method, path, body, options);
  const fields = Object.keys(r.body?.error?.details?.fields ?? {});
  return { status: r.status, field: fields.length === 1 ? fields[0] : fields.join(',') || null };
};
/** The htmx form answer's field errors, by the error element ids (`f-<form>-<field>-error`). */
const htmxCase = (path: string, form: Record<string, string>, formId?: string) => async () => {
  const response = await htmx(path, form);
  const html = await response.text();
  const fields = [...html.matchAll(/id="f-([A-Za-z0-9-]+)-error"/g)].map((m) => (formId ? m[1].replace(`${formId}-`, '') : m[1]));
  return { status: response.status, field: fields.join(',') || null };
};

test('API: add a note → 201 with author and version 1, audited with the text', async () => {
  const r = await api('POST', `/accounts/${account}/notes`, { body: 'Prefers calls after 5 pm.' });
  assert.is(r.status, 201);
  assert.is(r.body.body, 'Prefers calls after 5 pm.');
  assert.is(r.body.version, 1);
  assert.is(r.body.author, 'Test agent');
  assert.is(r.body.edited, false);
  const [row] = await query().selectFrom('audit_log').select(['action', 'after'])
    .where('entity', '=', 'note').where('entity_id', '=', r.body.thread).execute();
  assert.is(row.action, 'note.create');
  assert.equal([row.after?.body, row.after?.accountNumber], ['Prefers calls after 5 pm.', account]);
  const list = await api('GET', `/accounts/${account}/notes`);
  assert.is(list.body.items[0].body, 'Prefers calls after 5 pm.');
});

test('API: bad notes are refused with the field named, unknown accounts 404, and nothing is written', async () => {
  await refusedWithoutWrites(server.db.orm, [
    { name: 'missing body', run: apiCase('POST', `/accounts/${account}/notes`, {}), status: 422, field: 'body' },
    { name: 'number body', run: apiCase('POST', `/accounts/${account}/notes`, { body: 42 }), status: 422, field: 'body' },
    { name: 'blank body', run: apiCase('POST', `/accounts/${account}/notes`, { body: '   ' }), status: 422, field: 'body' },
    { name: 'too long', run: apiCase('POST', `/accounts/${account}/notes`, { body: 'x'.repeat(10_001) }), status: 422, field: 'body' },
    { name: 'unknown account', run: apiCase('POST', '/accounts/WU-99999/notes', { body: 'hello' }), status: 404 },
    { name: 'not an account number', run: apiCase('POST', '/accounts/nobody/notes', { body: 'hello' }), status: 404 },
    { name: 'malformed JSON', run: apiCase('POST', `/accounts/${account}/notes`, undefined, { raw: '{"body": ' }), status: 400 },
    { name: 'not signed in', run: apiCase('POST', `/accounts/${account}/notes`, { body: 'hello' }, { auth: false }), status: 401 },
  ]);
});

test('API: an edit appends a version; the old wording stays; a stale or empty edit is refused', async () => {
  const first = (await api('POST', `/accounts/${account}/notes`, { body: 'Meter behind the garage.' })).body;
  const second = await api('POST', `/notes/${first.id}/versions`, { body: 'Meter behind the shed (garage demolished).' });
  assert.is(second.status, 201);
  assert.is(second.body.thread, first.thread);
  assert.is(second.body.version, 2);
  assert.is(second.body.edited, true);
  const history = await api('GET', `/notes/${second.body.id}/versions`);
  assert.equal(history.body.items.map((v: { version: number; body: string }) => [v.version, v.body]),
    [[2, 'Meter behind the shed (garage demolished).'], [1, 'Meter behind the garage.']]);
  const [audit] = await query().selectFrom('audit_log').select(['before', 'after'])
    .where('action', '=', 'note.revise').where('entity_id', '=', first.thread).execute();
  assert.equal([audit.before?.body, audit.after?.body], ['Meter behind the garage.', 'Meter behind the shed (garage demolished).']);
  const listed = (await api('GET', `/accounts/${account}/notes?pageSize=200`)).body.items.filter((n: { thread: string }) => n.thread === first.thread);
  assert.is(listed.length, 1, 'the list shows each note once, at its latest version');
  assert.is(listed[0].version, 2);

  const stale = await api('POST', `/notes/${first.id}/versions`, { body: 'Someone else’s edit' });
  assert.is(stale.status, 409);
  assert.is(stale.body.error.details.currentVersion, 2);
  await refusedWithoutWrites(server.db.orm, [
    { name: 'stale version', run: apiCase('POST', `/notes/${first.id}/versions`, { body: 'Another edit' }), status: 409 },
    { name: 'unchanged', run: apiCase('POST', `/notes/${second.body.id}/versions`, { body: 'Meter behind the shed (garage demolished).' }), status: 422, field: 'body' },
    { name: 'missing body', run: apiCase('POST', `/notes/${second.body.id}/versions`, {}), status: 422, field: 'body' },
    { name: 'unknown note', run: apiCase('POST', '/notes/999999/versions', { body: 'x' }), status: 404 },
    { name: 'id not a number', run: apiCase('POST', '/notes/abc/versions', { body: 'x' }), status: 404 },
  ]);
});

test('a note with <script> is stored as typed and shown escaped on the Notes tab', async () => {
  const evil = '<script>alert("x")</script><img src=x onerror=alert(1)>';
  const created = await api('POST', `/accounts/${account}/notes`, { body: evil });
  assert.is(created.body.body, evil, 'the API keeps the text as typed (JSON is not HTML)');
  const html = await (await htmx(`/accounts/${account}/notes`)).text();
  assert.match(html, '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
  assert.not.match(html, '<script>alert');
  assert.not.match(html, '<img src=x');
});

test('API: log a call with its duration, an email and an SMS, each with its direction; audited', async () => {
  const call = await api('POST', `/accounts/${account}/communications`, {
    channel: 'phone', direction: 'from_customer', body: 'Asked about the rate plan.', durationSeconds: 245,
  });
  assert.is(call.status, 201);
  assert.is(call.body.durationSeconds, 245);
  assert.is(call.body.createdBy, 'Test agent');
  const email = await api('POST', `/accounts/${account}/communications`, {
    channel: 'email', direction: 'to_customer', subject: 'Your new meter', body: 'It is installed.', occurredAt: '2026-01-05T10:00:00Z',
  });
  assert.is(email.status, 201);
  assert.is(email.body.occurredAt, '2026-01-05T10:00:00.000Z');
  assert.is(email.body.durationSeconds, null);
  const sms = await api('POST', `/accounts/${account}/communications`, { channel: 'sms', direction: 'to_customer', body: 'Visit tomorrow 9–11.' });
  assert.is(sms.status, 201);
  const list = (await api('GET', `/accounts/${account}/communications`)).body.items;
  assert.equal(list.map((c: { channel: string; direction: string }) => `${c.channel}/${c.direction}`).sort(),
    ['email/to_customer', 'phone/from_customer', 'sms/to_customer']);
  const [audit] = await query().selectFrom('audit_log').select('after')
    .where('action', '=', 'communication.create').where('entity_id', '=', String(call.body.id)).execute();
  assert.equal([audit.after?.channel, audit.after?.durationSeconds], ['phone', 245]);
});

test('API: bad communications are refused with the field named, and nothing is written', async () => {
  const path = `/accounts/${account}/communications`;
  const ok = { channel: 'phone', direction: 'from_customer', body: 'Called.', durationSeconds: 60 };
  const tomorrow = new Date(Date.now() + 86400_000).toISOString();
  await refusedWithoutWrites(server.db.orm, [
    { name: 'a call without duration', run: apiCase('POST', path, { ...ok, durationSeconds: undefined }), status: 422, field: 'durationSeconds' },
    { name: 'an email with a duration', run: apiCase('POST', path, { ...ok, channel: 'email' }), status: 422, field: 'durationSeconds' },
    { name: 'duration as text', run: apiCase('POST', path, { ...ok, durationSeconds: '60' }), status: 422, field: 'durationSeconds' },
    { name: 'negative duration', run: apiCase('POST', path, { ...ok, durationSeconds: -1 }), status: 422, field: 'durationSeconds' },
    { name: 'system channel', run: apiCase('POST', path, { ...ok, channel: 'system', durationSeconds: undefined }), status: 422, field: 'channel' },
    { name: 'unknown channel', run: apiCase('POST', path, { ...ok, channel: 'fax' }), status: 422, field: 'channel' },
    { name: 'missing direction', run: apiCase('POST', path, { ...ok, direction: undefined }), status: 422, field: 'direction' },
    { name: 'missing body', run: apiCase('POST', path, { ...ok, body: undefined }), status: 422, field: 'body' },
    { name: 'in the future', run: apiCase('POST', path, { ...ok, occurredAt: tomorrow }), status: 422, field: 'occurredAt' },
    { name: 'not a time', run: apiCase('POST', path, { ...ok, occurredAt: 'yesterday' }), status: 422, field: 'occurredAt' },
    { name: 'unknown account', run: apiCase('POST', '/accounts/WU-99999/communications', ok), status: 404 },
  ]);
});

test('htmx: adding a note re-renders the Notes tab with it; a blank one is answered inline, naming the field', async () => {
  const response = await htmx(`/accounts/${account}/notes`, { body: 'Dog in the yard; ring first.' });
  assert.is(response.status, 200);
  assert.is(response.headers.get('hx-retarget'), '#profile-tabs');
  const html = await response.text();
  assert.match(html, 'id="profile-tabs"');
  assert.match(html, 'data-tab="notes"');
  assert.match(html, 'Dog in the yard; ring first.');
  assert.not.match(html, '<html');
  await refusedWithoutWrites(server.db.orm, [
    { name: 'blank note', run: htmxCase(`/accounts/${account}/notes`, { body: '  ' }, 'note-new'), status: 422, field: 'body' },
    { name: 'missing field', run: htmxCase(`/accounts/${account}/notes`, {}, 'note-new'), status: 422, field: 'body' },
    { name: 'unknown account', run: htmxCase('/accounts/WU-99999/notes', { body: 'x' }), status: 404 },
    { name: 'no CSRF token', run: async () => ({ status: (await htmx(`/accounts/${account}/notes`, { body: 'x' }, { 'x-csrf-token': 'forged' })).status }), status: 403 },
  ]);
  const inline = await htmx(`/accounts/${account}/notes`, { body: '' });
  const form = await inline.text();
  assert.is(inline.headers.get('hx-retarget'), null, 'the refused form replaces itself');
  assert.match(form, /<form id="note-new"/);
  assert.match(form, /id="f-note-new-body-error"[^>]*>required</);
  assert.match(form, 'aria-invalid="true"');
});

test('htmx: editing a note saves version 2 and its history lists both wordings', async () => {
  const note = (await api('POST', `/accounts/${account}/notes`, { body: 'Gate code 1234.' })).body;
  const response = await htmx(`/accounts/${account}/notes/${note.id}/versions`, { body: 'Gate code 4321.' });
  assert.is(response.status, 200);
  const html = await response.text();
  assert.match(html, 'Gate code 4321.');
  assert.match(html, 'edited (version 2)');
  const [latest] = await query().selectFrom('note').select('id').where('thread', '=', note.thread).where('version', '=', 2).execute();
  const history = await (await htmx(`/accounts/${account}/notes/${latest.id}/history`)).text();
  assert.match(history, /Version 2[\s\S]*Gate code 4321\.[\s\S]*Version 1[\s\S]*Gate code 1234\./);
  await refusedWithoutWrites(server.db.orm, [
    { name: 'stale edit', run: htmxCase(`/accounts/${account}/notes/${note.id}/versions`, { body: 'Gate code 0000.' }), status: 409 },
    { name: 'blank edit', run: htmxCase(`/accounts/${account}/notes/${latest.id}/versions`, { body: '' }, `note-edit-${latest.id}`), status: 422, field: 'body' },
    { name: 'note of another account', run: htmxCase(`/accounts/WU-10001/notes/${latest.id}/versions`, { body: 'x' }), status: 404 },
    { name: 'unknown note', run: htmxCase(`/accounts/${account}/notes/98765/versions`, { body: 'x' }), status: 404 },
  ]);
});

test('htmx: logging a call takes "m:ss"; bad fields are answered inline by their form names', async () => {
  const response = await htmx(`/accounts/${account}/communications`, {
    channel: 'phone', direction: 'from_customer', duration: '4:05', occurredAt: '', subject: '', body: 'Reported a leak at the curb.',
  });
  assert.is(response.status, 200);
  const html = await response.text();
  assert.match(html, 'data-tab="communication"');
  assert.match(html, 'Reported a leak at the curb.');
  assert.match(html, '4 min 5 s');
  const [row] = await query().selectFrom('communication').select('duration_seconds').where('body', '=', 'Reported a leak at the curb.').execute();
  assert.is(row.duration_seconds, 245);
  const path = `/accounts/${account}/communications`;
  const base = { channel: 'phone', direction: 'to_customer', duration: '2', body: 'Called back.' };
  await refusedWithoutWrites(server.db.orm, [
    { name: 'duration not a time', run: htmxCase(path, { ...base, duration: 'soon' }, 'communication-new'), status: 422, field: 'duration' },
    { name: 'call without duration', run: htmxCase(path, { ...base, duration: '' }, 'communication-new'), status: 422, field: 'duration' },
    { name: 'email with duration', run: htmxCase(path, { ...base, channel: 'email' }, 'communication-new'), status: 422, field: 'duration' },
    { name: 'system channel', run: htmxCase(path, { ...base, channel: 'system' }, 'communication-new'), status: 422, field: 'channel' },
    { name: 'no body', run: htmxCase(path, { ...base, body: '' }, 'communication-new'), status: 422, field: 'body' },
    { name: 'bad time', run: htmxCase(path, { ...base, occurredAt: '2026-02-30T10:00' }, 'communication-new'), status: 422, field: 'occurredAt' },
    { name: 'future time', run: htmxCase(path, { ...base, occurredAt: '2099-01-01T10:00' }, 'communication-new'), status: 422, field: 'occurredAt' },
    { name: 'unknown account', run: htmxCase('/accounts/WU-99999/communications', base), status: 404 },
  ]);
});

test.run();
