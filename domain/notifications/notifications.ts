/** Queues a notification to a consumer, at most once per event, with its outbox intent for the sender. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { NotificationEvent } from '../common/enums.js';
import { db, type Db } from '../common/database.js';
import type { NamedWrite } from '../common/writes-together.js';
import { addOutboxMessage } from './outbox.js';

export interface NotificationIntent {
  accountId: number;
  event: NotificationEvent;
  /** Names the event, e.g. `order_created:SO-4523`; a second intent with the same key is ignored. */
  idempotencyKey: string;
  payload: Record<string, unknown>;
  /** The request that caused it, carried in the job's data so the sender's log lines name it. */
  requestId?: string;
}

/** An intent as its `notification` row, queued. */
const notificationRow = (intent: NotificationIntent) => ({
  account_id: intent.accountId, event: intent.event, status: 'queued' as const, idempotency_key: intent.idempotencyKey,
  payload: intent.payload, attempts: 0, created_at: sql<Date>`now()`, updated_at: sql<Date>`now()`,
});

/** What the sender's job carries besides the notification's id. */
const jobData = (intent: NotificationIntent) => (intent.requestId ? { requestId: intent.requestId } : {});

/**
 * Queues a notification to a consumer at most once per event: the row is unique by its
 * idempotency key, and only a newly inserted row gets an outbox message for the sender.
 * Runs in the caller's transaction. Returns the notification id, or null when the event
 * had already been queued.
 */
export async function enqueueNotification(em: EntityManager, intent: NotificationIntent): Promise<number | null> {
  const row = await db(em).insertInto('notification').values(notificationRow(intent))
    .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return null;
  await addOutboxMessage(em, 'bullmq', 'send_notification', { notificationId: row.id, ...jobData(intent) });
  return row.id;
}

/**
 * `enqueueNotification` as two writes of one statement (domain/common/writes-together.ts): the
 * row, named `notice`, and the outbox message, written only when the row is new.
 */
export function notificationWrites(q: Db, intent: NotificationIntent): NamedWrite[] {
  const notice = q.insertInto('notification').values(notificationRow(intent))
    .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
    .returning('id');
  const message = q.insertInto('outbox_message')
    .columns(['target', 'kind', 'payload', 'created_at', 'available_at', 'attempts'])
    .expression(q.selectFrom(sql<{ id: number }>`notice`.as('notice')).select([
      sql.lit('bullmq').as('target'), sql.lit('send_notification').as('kind'),
      sql<object>`jsonb_build_object('notificationId', notice.id) || ${JSON.stringify(jobData(intent))}::jsonb`.as('payload'),
      sql<Date>`now()`.as('created_at'), sql<Date>`now()`.as('available_at'), sql.lit(0).as('attempts'),
    ]));
  return [['notice', notice], ['notice_outbox', message]];
}
