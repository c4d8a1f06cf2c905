/**
 * The nightly sign-in clean-up (docs/rules.md#sign-in-and-sessions): run by the jobs
 * worker's BullMQ job, it deletes ended sessions, dead API tokens, spent or expired reset
 * links and attempts older than the keeping time, and nothing still in use.
 */
import { sql, type RawBuilder } from 'kysely';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../domain/common/database.js';
import { JOB_NAMES, SIGN_IN_CLEANUP_SCHEDULER_ID } from '../infra/queues/job-queues.js';
import { scheduleSignInCleanup, SIGN_IN_CLEANUP_CRON } from '../workers/jobs/sign-in-cleanup.job.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { startTestJobsWorker, testRedisPrefix, waitFor, type TestJobsWorker } from './support/jobs-worker.js';
import { insertRow } from './support/rows.js';
import type { ChannelSenders } from '../domain/notifications/notification-channel.js';

let database: TestDatabase;
let worker: TestJobsWorker;

/** The clean-up sends nothing. */
const noChannels = {
  email: { channel: 'email', dedupesByKey: false, send: () => Promise.reject(new Error('unused')) },
  sms: { channel: 'sms', dedupesByKey: true, send: () => Promise.reject(new Error('unused')) },
} satisfies ChannelSenders;

test.before(async () => {
  database = await createTestDatabase('sign_in_cleanup');
  worker = await startTestJobsWorker(database.orm, { prefix: testRedisPrefix('sign-in-cleanup'), channels: noChannels, queues: ['metrics'], relay: false });
});
test.after(async () => {
  await worker.stop();
  await database.drop();
});

const query = () => db(database.orm.em.fork());
const ago = (interval: string): RawBuilder<Date> => sql<Date>`now() - ${interval}::interval`;
const fromNow = (interval: string): RawBuilder<Date> => sql<Date>`now() + ${interval}::interval`;

async function seed() {
  const userId = await insertRow(query(), 'app_user', { email: 'kept@example.com', name: 'Kept', role: 'agent', password_hash: 'x', active: true, created_at: ago('1 day') });
  const session = (id: string, expires: RawBuilder<Date>, seen: RawBuilder<Date>) =>
    query().insertInto('session').values({ id: id.padEnd(64, '0'), user_id: userId, csrf_token: 'c'.repeat(64), created_at: ago('1 hour'), expires_at: expires, last_seen_at: seen }).execute();
  await session('live', fromNow('1 hour'), ago('5 minutes'));
  await session('expired', ago('1 minute'), ago('2 minutes'));
  await session('idle', fromNow('1 hour'), ago('45 minutes'));
  const token = (hash: string, expires: RawBuilder<Date>, revoked: RawBuilder<Date> | null) =>
    insertRow(query(), 'api_token', { user_id: userId, token_hash: hash.padEnd(64, '0'), created_at: ago('2 days'), expires_at: expires, revoked_at: revoked });
  await token('live', fromNow('1 day'), null);
  await token('expired', ago('1 hour'), null);
  await token('revoked', fromNow('1 day'), ago('1 hour'));
  const reset = (hash: string, expires: RawBuilder<Date>, used: RawBuilder<Date> | null) =>
    insertRow(query(), 'password_reset', { user_id: userId, nonce: hash, token_hash: hash.padEnd(64, '0'), created_at: ago('2 hours'), expires_at: expires, used_at: used });
  await reset('live', fromNow('30 minutes'), null);
  await reset('expired', ago('1 minute'), null);
  await reset('used', fromNow('30 minutes'), ago('5 minutes'));
  const attempt = (email: string, at: RawBuilder<Date>) => insertRow(query(), 'login_attempt', { email, ip_address: '192.0.2.1', succeeded: false, attempted_at: at });
  await attempt('recent@example.com', ago('1 day'));
  await attempt('old@example.com', ago('31 days'));
}

test('the nightly job deletes ended sessions, dead tokens, spent links and old attempts, and keeps the rest', async () => {
  await seed();
  await worker.queues.add('metrics', JOB_NAMES.signInCleanup, { trigger: 'test' });
  await waitFor(async () => (await query().selectFrom('login_attempt').select('email').execute()).length === 1, 'the clean-up job');
  const sessions = await query().selectFrom('session').select('id').execute();
  assert.equal(sessions.map((s) => s.id.replace(/0+$/, '')), ['live']);
  const tokens = await query().selectFrom('api_token').select('token_hash').execute();
  assert.equal(tokens.map((t) => t.token_hash.replace(/0+$/, '')), ['live']);
  const resets = await query().selectFrom('password_reset').select('nonce').execute();
  assert.equal(resets.map((r) => r.nonce), ['live']);
  const attempts = await query().selectFrom('login_attempt').select('email').execute();
  assert.equal(attempts.map((a) => a.email), ['recent@example.com']);
});

test('the clean-up is scheduled nightly in the utility’s time zone', async () => {
  await scheduleSignInCleanup(worker.queues.metrics, 'America/Chicago');
  await scheduleSignInCleanup(worker.queues.metrics, 'America/Chicago'); // idempotent
  const scheduler = await worker.queues.metrics.getJobScheduler(SIGN_IN_CLEANUP_SCHEDULER_ID);
  assert.is(scheduler?.pattern, SIGN_IN_CLEANUP_CRON);
  assert.is(scheduler?.tz, 'America/Chicago');
  assert.is(scheduler?.name, JOB_NAMES.signInCleanup);
  assert.is(await worker.queues.metrics.getJobSchedulersCount(), 1);
});

test.run();
