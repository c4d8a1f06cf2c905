/** Queues a notification to a consumer, at most once per event, with its outbox intent for the sender. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { NotificationEvent } from '../common/enums.js';
import { db } from '../common/database.js';
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

/**
 * Queues a notification to a consumer at most once per event: the row is unique by its
 * idempotency key, and only a newly inserted row gets an outbox message for the sender.
 * Runs in the caller's transaction. Returns the notification id, or null when the event
 * had already been queued.
 */
export async function enqueueNotification(em: EntityManager, intent: NotificationIntent): Promise<number | null> {
  const row = await db(em).insertInto('notification')
    .values({
      account_id: intent.accountId, event: intent.event, status: 'queued', idempotency_key: intent.idempotencyKey,
      payload: intent.payload, attempts: 0, created_at: sql`now()`, updated_at: sql`now()`,
    })
    .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return null;
  await addOutboxMessage(em, 'bullmq', 'send_notification', { notificationId: row.id, ...(intent.requestId && { requestId: intent.requestId }) });
  return row.id;
}
