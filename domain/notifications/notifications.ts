import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationEvent } from '../shared/enums.js';
import { addOutboxMessage } from './outbox.js';

export interface NotificationIntent {
  accountId: number;
  event: NotificationEvent;
  /** Names the event, e.g. `order_created:SO-4523`; a second intent with the same key is ignored. */
  idempotencyKey: string;
  payload: Record<string, unknown>;
}

/**
 * Queues a notification to a consumer at most once per event: the row is unique by its
 * idempotency key, and only a newly inserted row gets an outbox message for the sender.
 * Runs in the caller's transaction. Returns the notification id, or null when the event
 * had already been queued.
 */
export async function enqueueNotification(em: EntityManager, intent: NotificationIntent): Promise<number | null> {
  const rows = await em.getConnection().execute<{ id: number }[]>(
    `insert into notification (account_id, event, status, idempotency_key, payload, attempts, created_at, updated_at)
     values (?, ?, 'queued', ?, ?, 0, now(), now())
     on conflict (idempotency_key) do nothing returning id`,
    [intent.accountId, intent.event, intent.idempotencyKey, JSON.stringify(intent.payload)],
    'all',
    em.getTransactionContext(),
  );
  if (!rows.length) return null;
  await addOutboxMessage(em, 'bullmq', 'send_notification', { notificationId: rows[0].id });
  return rows[0].id;
}
