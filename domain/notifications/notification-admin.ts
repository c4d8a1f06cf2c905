/**
 * The admins' view of notifications (SPEC §11, API.md): the list by status, and a retry
 * of a failed one. A retry puts the row back to `queued` and writes a new outbox intent
 * in the same transaction, so it survives Redis being down; the sender's claim still
 * guarantees it goes out at most once more.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationChannel, NotificationEvent, NotificationStatus } from '../shared/enums.js';
import { Conflict, NotFound } from '../shared/errors.js';
import { audit } from '../audit/audit.js';
import { addOutboxMessage } from './outbox.js';
import { pageOf, type Page, type PageRequest } from '../shared/paging.js';
import { asInt } from '../shared/sql-values.js';

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

type Row = Record<string, unknown>;
const iso = (value: unknown) => (value === null || value === undefined ? null : new Date(String(value)).toISOString());

const SELECT = `
  select n.id, a.account_number, a.first_name || ' ' || a.last_name as account_name, n.event, n.channel, n.status,
         n.attempts, n.last_error, n.provider_message_id, n.idempotency_key, n.created_at, n.updated_at, n.sent_at
    from notification n join account a on a.id = n.account_id`;

function toView(row: Row): NotificationView {
  return {
    id: asInt(row.id), accountNumber: String(row.account_number), accountName: String(row.account_name),
    event: row.event as NotificationEvent, channel: (row.channel as NotificationChannel | null) ?? null,
    status: row.status as NotificationStatus, attempts: asInt(row.attempts), lastError: (row.last_error as string | null) ?? null,
    providerMessageId: (row.provider_message_id as string | null) ?? null, idempotencyKey: String(row.idempotency_key),
    createdAt: iso(row.created_at)!, updatedAt: iso(row.updated_at)!, sentAt: iso(row.sent_at),
  };
}

/** Newest first (the status index serves a filtered list); every status when none is given. */
export async function listNotifications(em: EntityManager, status: NotificationStatus | undefined, page: PageRequest): Promise<Page<NotificationView>> {
  const where = status ? 'where n.status = ?' : '';
  const params = status ? [status] : [];
  return pageOf(em, `${SELECT} ${where} order by n.created_at desc, n.id desc`,
    `select count(*) as total from notification n ${where}`, params, page, toView);
}

export async function getNotification(em: EntityManager, id: number): Promise<NotificationView> {
  const rows = await em.getConnection().execute<Row[]>(`${SELECT} where n.id = ?`, [id], 'all', em.getTransactionContext());
  if (!rows.length) throw new NotFound('Notification', String(id));
  return toView(rows[0]);
}

/** A failed notification back to `queued` with a fresh outbox intent; anything else is a 409 naming its status. */
export async function retryNotification(
  em: EntityManager, id: number, actor: { userId: number; name: string },
): Promise<{ notification: NotificationView; outboxId: number }> {
  return em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const rows = await t.getConnection().execute<{ status: NotificationStatus }[]>(
      'select status from notification where id = ? for update', [id], 'all', t.getTransactionContext());
    if (!rows.length) throw new NotFound('Notification', String(id));
    if (rows[0].status !== 'failed') {
      throw new Conflict(`Only a failed notification can be retried; this one is ${rows[0].status}.`, { currentStatus: rows[0].status });
    }
    await t.getConnection().execute(`update notification set status = 'queued', updated_at = now() where id = ?`, [id], 'all', t.getTransactionContext());
    const outboxId = await addOutboxMessage(t, 'bullmq', 'send_notification', { notificationId: id, retriedBy: actor.userId });
    await audit(t, { userId: actor.userId, userName: actor.name, action: 'notification.retry', entity: 'notification', entityId: String(id), before: { status: 'failed' }, after: { status: 'queued' } });
    return { notification: await getNotification(t, id), outboxId };
  });
}
