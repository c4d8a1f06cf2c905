/**
 * The admins' side of notifications (docs/rules.md#notifications, docs/api.md): the list by status, a retry of a
 * failed notification from the JSON API and from the htmx page, and the queue dashboard.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../domain/notifications/notification-settings.js';
import { putSetting } from '../domain/settings/settings.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { apiToken, signIn, type SignedIn } from './support/browser-session.js';
import { sinkChannels, startTestJobsWorker, testRedisPrefix, waitFor, type TestJobsWorker } from './support/jobs-worker.js';
import { communicationsOf, enqueue, insertConsumer, notificationRow } from './support/notification-fixtures.js';
import { startSmsSink, startSmtpSink, type SmsSink, type SmtpSink } from './support/notification-sinks.js';

let server: TestServer;
let worker: TestJobsWorker;
let smtp: SmtpSink;
let sms: SmsSink;
let admin: string;
let agent: string;
let browser: SignedIn;

test.before(async () => {
  const prefix = testRedisPrefix('notif-admin');
  server = await startTestServer('notif_admin', {}, { REDIS_PREFIX: prefix });
  [smtp, sms] = await Promise.all([startSmtpSink(), startSmsSink()]);
  await putSetting(server.db.orm.em.fork(), 'notifications', { ...DEFAULT_NOTIFICATION_SETTINGS, attempts: 2, backoffMs: 50 });
  worker = await startTestJobsWorker(server.db.orm, { prefix, channels: sinkChannels(smtp, sms) });
  const a = await createUser(server.db, 'admin', 'notif-admin@example.com');
  const g = await createUser(server.db, 'agent', 'notif-agent@example.com');
  admin = await apiToken(server.baseUrl, a.email, a.password);
  agent = await apiToken(server.baseUrl, g.email, g.password);
  browser = await signIn(server.baseUrl, a.email, a.password);
});
test.after(async () => {
  await worker.stop();
  await Promise.all([smtp.close(), sms.close()]);
  await server.close();
});

async function call(method: string, path: string, token: string) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** A notification that failed both tries because the SMS provider was down. */
async function failedNotification(label: string): Promise<{ id: number; key: string }> {
  const consumer = await insertConsumer(server.db.orm, { channel: 'sms' });
  const key = `payment_failed:${label}:${consumer.id}`;
  sms.failWith = 503;
  try {
    const id = await enqueue(server.db.orm, consumer.id, 'payment_failed', key, { reference: `PAY-${label}`, amountCents: 2599 });
    await waitFor(async () => (await notificationRow(server.db.orm, id)).status === 'failed', `${label} to fail`);
    return { id, key };
  } finally {
    sms.failWith = null;
  }
}

test('GET /notifications?status=failed lists the failed ones, for admins only', async () => {
  const { id } = await failedNotification('listed');
  const listed = await call('GET', '/notifications?status=failed', admin);
  assert.is(listed.status, 200);
  const item = listed.body.items.find((n: { id: number }) => n.id === id);
  assert.ok(item, 'the failed notification is listed');
  assert.equal({ status: item.status, attempts: item.attempts, channel: item.channel, event: item.event },
    { status: 'failed', attempts: 2, channel: 'sms', event: 'payment_failed' });
  assert.match(item.lastError, /503/);
  assert.ok(listed.body.items.every((n: { status: string }) => n.status === 'failed'));
  assert.is((await call('GET', '/notifications?status=failed', agent)).status, 403);
  assert.is((await call('GET', '/notifications?status=lost', admin)).status, 422);
});

test('POST /notifications/{id}/retry sends a failed notification (once); anything else is refused', async () => {
  const { id, key } = await failedNotification('retried');
  assert.is((await call('POST', `/notifications/${id}/retry`, agent)).status, 403);
  const retried = await call('POST', `/notifications/${id}/retry`, admin);
  assert.is(retried.status, 200);
  assert.is(retried.body.id, id);
  await waitFor(async () => (await notificationRow(server.db.orm, id)).status === 'sent', 'the retried notification to be sent');
  assert.is(sms.messages.filter((m) => m.key === key).length, 1);
  assert.match(sms.messages.find((m) => m.key === key)!.body, /\$25\.99/);
  assert.is((await communicationsOf(server.db.orm, id)).length, 1);
  const again = await call('POST', `/notifications/${id}/retry`, admin);
  assert.is(again.status, 409);
  assert.is(again.body.error.details.currentStatus, 'sent');
  assert.is((await call('POST', '/notifications/999999/retry', admin)).status, 404);
});

test('the admin page lists failed notifications with a Retry button that queues and then sends it', async () => {
  const { id, key } = await failedNotification('page');
  const headers = { cookie: browser.cookie, 'hx-request': 'true' };
  const page = await fetch(`${server.baseUrl}/admin/notifications?status=failed`, { headers: { cookie: browser.cookie } });
  assert.is(page.status, 200);
  const html = await page.text();
  assert.match(html, `hx-post="/admin/notifications/${id}/retry"`);
  assert.match(html, '<select name="status"');
  const fragment = await (await fetch(`${server.baseUrl}/admin/notifications?status=sent`, { headers })).text();
  assert.not.match(fragment, '<html', 'an htmx request gets the list alone');
  const row = await fetch(`${server.baseUrl}/admin/notifications/${id}/retry`, {
    method: 'POST', headers: { ...headers, 'x-csrf-token': browser.csrfToken, origin: server.baseUrl },
  });
  assert.is(row.status, 200);
  const swapped = await row.text();
  assert.match(swapped, `id="notification-${id}"`);
  assert.not.match(swapped, 'hx-post=', 'no Retry button once queued');
  await waitFor(async () => (await notificationRow(server.db.orm, id)).status === 'sent', 'the page retry to be sent');
  assert.is(sms.messages.filter((m) => m.key === key).length, 1);
});

test('the OpenAPI document describes the notification and job routes', async () => {
  const doc = (await (await fetch(`${server.baseUrl}/api/v1/openapi.json`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { paths: Record<string, unknown> };
  for (const path of ['/notifications', '/notifications/{id}/retry', '/jobs/metrics', '/jobs/{jobId}']) assert.ok(doc.paths[path], path);
});

test('the queue dashboard is served at /admin/queues to admins only', async () => {
  const page = await fetch(`${server.baseUrl}/admin/queues`, { headers: { cookie: browser.cookie } });
  assert.is(page.status, 200);
  const html = await page.text();
  assert.match(html, /<div id="root">/);
  const script = /<script defer src="(static\/js\/main[^"]+)"/.exec(html)?.[1];
  assert.ok(script, 'the board loads its own script');
  const asset = await fetch(`${server.baseUrl}/admin/queues/${script}`, { headers: { cookie: browser.cookie } });
  assert.is(asset.status, 200, 'served from @bull-board/ui, not a CDN');
  const api = await fetch(`${server.baseUrl}/admin/queues/api/queues?activeQueue=notifications&page=1&jobsPerPage=10`, { headers: { cookie: browser.cookie } });
  assert.is(api.status, 200);
  const names = ((await api.json()) as { queues: { name: string; readOnlyMode: boolean }[] }).queues.map((q) => q.name).sort();
  assert.equal(names, ['metrics', 'notifications']);
  const g = await createUser(server.db, 'agent', 'queues-agent@example.com');
  const agentBrowser = await signIn(server.baseUrl, g.email, g.password);
  assert.is((await fetch(`${server.baseUrl}/admin/queues`, { headers: { cookie: agentBrowser.cookie } })).status, 403);
  assert.is((await fetch(`${server.baseUrl}/admin/queues`, { redirect: 'manual' })).status, 303, 'signed out → sign in');
});

test.run();
