/**
 * Issue 6: notifications per second end to end — committed with their outbox intent,
 * relayed to BullMQ, claimed, rendered, sent over SMTP to a local `smtp-server` peer,
 * recorded as sent with their Communication-tab entry — draining a backlog. It runs the
 * jobs worker's own pieces in this process (relay, BullMQ worker with the production
 * concurrency of 4, the pooled SMTP channel) on a database of its own.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { EntityManager } from '@mikro-orm/postgresql';
import { dropDatabase } from '../../infra/database/database-admin.js';
import { migrateDatabase } from '../../infra/database/migrate.js';
import { openOrm } from '../../infra/database/orm.js';
import { enqueueNotification } from '../../domain/notifications/notifications.js';
import { sinkChannels, startTestJobsWorker, waitFor } from '../../tests/support/jobs-worker.js';
import { startSmsSink, startSmtpSink } from '../../tests/support/notification-sinks.js';
import type { Orm } from '../../infra/database/orm.js';
import type { Bench } from './bench-kit.js';

const COUNT = Number(process.env.BENCH_NOTIFICATIONS ?? 5000);
const CONSUMERS = 1000;

/** Drops the bench's BullMQ keys: its prefix is its own. */
async function forgetKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function sentCount(orm: Orm): Promise<number> {
  const [row] = await orm.em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from notification where status = 'sent'`);
  return row.n;
}

async function insertConsumers(em: EntityManager): Promise<number[]> {
  const rows = await em.getConnection().execute<{ id: number }[]>(
    `insert into account (account_number, first_name, last_name, email, service_address, customer_since, status, preferred_channel, version, created_at, updated_at)
     select 'WU-' || (900000 + g), 'Bench', 'Consumer ' || g, 'bench-' || g || '@example.com', g || ' Main St', '2015-01-01', 'active', 'email', 1, now(), now()
       from generate_series(1, ?) g returning id`, [CONSUMERS]);
  return rows.map((row) => row.id);
}

export const notificationsBench: Bench = {
  key: 'notifications',
  async run({ databaseUrl, log }) {
    const url = new URL(databaseUrl);
    url.pathname = `${url.pathname}_notifications`;
    await dropDatabase(url.toString());
    await migrateDatabase(url.toString());
    const orm = await openOrm(url.toString(), { poolMax: 10 });
    const [smtp, sms] = await Promise.all([startSmtpSink(), startSmsSink()]);
    const prefix = `cistern-bench-${randomBytes(4).toString('hex')}`;
    let worker: Awaited<ReturnType<typeof startTestJobsWorker>> | undefined;
    try {
      const consumers = await insertConsumers(orm.em.fork());
      log(`queueing ${COUNT} notifications with their outbox intents…`);
      for (let i = 0; i < COUNT; i += 50) {
        await orm.em.fork().transactional(async (em) => {
          for (let k = i; k < Math.min(i + 50, COUNT); k++) {
            await enqueueNotification(em as EntityManager, {
              accountId: consumers[k % consumers.length], event: 'order_created', idempotencyKey: `bench:${k}`,
              payload: { orderNumber: `SO-${100000 + k}`, type: 'repair' },
            });
          }
        });
      }
      log('starting the relay and the worker…');
      const started = performance.now();
      worker = await startTestJobsWorker(orm, { prefix, channels: sinkChannels(smtp, sms, 10_000), queues: ['notifications'] });
      await waitFor(() => smtp.received.length >= COUNT, 'every email to arrive', 600_000);
      await waitFor(async () => (await sentCount(orm)) >= COUNT, 'every notification recorded as sent', 60_000);
      const seconds = (performance.now() - started) / 1000;
      const [{ communications }] = await orm.em.getConnection().execute<{ communications: number }[]>(
        `select count(*)::int as communications from communication where notification_id is not null`);
      const unique = new Set(smtp.received.map((m) => m.messageId)).size;
      const sendMs = smtp.received.map((m) => m.receivedAt).sort((a, b) => a - b);
      const steady = (sendMs[sendMs.length - 1] - sendMs[Math.floor(sendMs.length / 10)]) / 1000;
      return {
        title: 'Notifications end to end (email over SMTP to a local peer)',
        rows: [
          { metric: 'notifications per second (outbox → relayed → sent → recorded)', value: (COUNT / seconds).toFixed(0) },
          { metric: `time to send a backlog of ${COUNT.toLocaleString('en-US')}`, value: `${seconds.toFixed(1)} s` },
          { metric: 'steady rate after warm-up (emails per second at the peer)', value: ((sendMs.length * 0.9) / steady).toFixed(0) },
          { metric: 'sent once each: recorded / emails / distinct Message-IDs', value: `${await sentCount(orm)} / ${smtp.received.length} / ${unique}`, pass: unique === COUNT && smtp.received.length === COUNT },
          { metric: 'Communication-tab entries', value: String(communications), pass: communications === COUNT },
        ],
        notes: [
          `${COUNT} \`order_created\` notifications to ${CONSUMERS} consumers, queued with their outbox rows before the clock starts; ` +
          'then the outbox relay and one BullMQ worker (concurrency 4, as in workers/jobs.ts; SMTP pool of 5 connections) relay, ' +
          'claim, render, send and record each one. Everything runs on this machine, so the numbers include Postgres, Redis and the SMTP peer.',
        ],
      };
    } finally {
      await worker?.stop();
      await forgetKeys(prefix);
      await Promise.all([smtp.close(), sms.close()]);
      await orm.close();
      await dropDatabase(url.toString());
    }
  },
};
