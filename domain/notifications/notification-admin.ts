/**
 * The admins' view of notifications (docs/rules.md#notifications, docs/api.md): the list by status, and a retry
 * of a failed one. A retry puts the row back to `queued` and writes a new outbox intent
 * in the same transaction, so it survives Redis being down; the sender's claim still
 * guarantees it goes out at most once more.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { NotificationChannel, NotificationEvent, NotificationStatus } from '../common/enums.js';
import type { Actor } from '../common/actor.js';
import { Conflict, NotFound } from '../common/errors.js';
import { db } from '../common/database.js';
import { audit } from '../audit/audit.js';
import { addOutboxMessage } from './outbox.js';
import { fetchPage, type Page, type PageRequest } from '../common/paging.js';

export interface NotificationView {
  id: number;
  accountNumber: string;
  accountName: string;
  event: NotificationEvent;
  channel: NotificationChannel | null;
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  providerMessageId: string | null;
  idempotencyKey: string;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

/** Notifications with their account, filtered by status when one is given. */
function notifications(em: EntityManager, status?: NotificationStatus) {
  const joined = db(em).selectFrom('notification as n').innerJoin('account as a', 'a.id', 'n.account_id');
  return status ? joined.where('n.status', '=', status) : joined;
}

function selectView(em: EntityManager, status?: NotificationStatus) {
  return notifications(em, status).select([
    'n.id', 'a.account_number', 'a.first_name', 'a.last_name', 'n.event', 'n.channel', 'n.status', 'n.attempts',
    'n.last_error', 'n.provider_message_id', 'n.idempotency_key', 'n.created_at', 'n.updated_at', 'n.sent_at',
  ]);
}

type ViewRow = Awaited<ReturnType<ReturnType<typeof selectView>['executeTakeFirstOrThrow']>>;

function toView(row: ViewRow): NotificationView {
  return {
    id: row.id, accountNumber: row.account_number, accountName: `${row.first_name} ${row.last_name}`,
    event: row.event, channel: row.channel ?? null, status: row.status, attempts: row.attempts, lastError: row.last_error ?? null,
    providerMessageId: row.provider_message_id ?? null, idempotencyKey: row.idempotency_key,
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(), sentAt: row.sent_at?.toISOString() ?? null,
  };
}

/** Newest first (the status index serves a filtered list); every status when none is given. */
export async function listNotifications(em: EntityManager, status: NotificationStatus | undefined, page: PageRequest): Promise<Page<NotificationView>> {
  return fetchPage(selectView(em, status).orderBy('n.created_at', 'desc').orderBy('n.id', 'desc'),
    notifications(em, status).select((eb) => eb.fn.countAll<string>().as('total')), page, toView);
}

export async function getNotification(em: EntityManager, id: number): Promise<NotificationView> {
  const row = await selectView(em).where('n.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFound('Notification', String(id));
  return toView(row);
}

/** A failed notification back to `queued` with a fresh outbox intent; anything else is a 409 naming its status. */
export async function retryNotification(em: EntityManager, id: number, actor: Actor): Promise<{ notification: NotificationView; outboxId: number }> {
  return em.transactional(async (tx) => {
    const row = await db(tx).selectFrom('notification').select('status').where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new NotFound('Notification', String(id));
    if (row.status !== 'failed') {
      throw new Conflict(`Only a failed notification can be retried; this one is ${row.status}.`, { currentStatus: row.status });
    }
    await db(tx).updateTable('notification').set({ status: 'queued', updated_at: sql`now()` }).where('id', '=', id).execute();
    const outboxId = await addOutboxMessage(tx, 'bullmq', 'send_notification', { notificationId: id, retriedBy: actor.userId });
    await audit(tx, { userId: actor.userId, userName: actor.name, action: 'notification.retry', entity: 'notification', entityId: String(id), before: { status: 'failed' }, after: { status: 'queued' } });
    return { notification: await getNotification(tx, id), outboxId };
  });
}
