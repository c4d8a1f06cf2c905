/** Consumers, orders and queued notifications for the notification tests, inserted as the app would. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationEvent } from '../../domain/shared/enums.js';
import type { Orm } from '../../infra/database/orm.js';
import { enqueueNotification } from '../../domain/notifications/notifications.js';
import { insertMinimalAccount } from './minimal-account.js';

export interface Consumer { id: number; accountNumber: string; email: string | null; phone: string | null }

let orders = 0;

/** An account preferring `channel`; SMS consumers get a mobile number written the way people type it. */
export async function insertConsumer(orm: Orm, options: { channel?: 'email' | 'sms'; optOut?: boolean; email?: string | null; phone?: string | null } = {}): Promise<Consumer> {
  const account = await insertMinimalAccount(orm);
  const email = options.email === undefined ? `consumer-${account.id}@example.com` : options.email;
  const phone = options.phone === undefined ? (options.channel === 'sms' ? `(555) 010-${String(1000 + account.id).slice(-4)}` : null) : options.phone;
  await orm.em.getConnection().execute(
    'update account set email = ?, phone = ?, preferred_channel = ?, notifications_opt_out = ? where id = ?',
    [email, phone, options.channel ?? 'email', options.optOut ?? false, account.id]);
  return { id: account.id, accountNumber: account.accountNumber, email, phone };
}

export async function insertOrder(orm: Orm, accountId: number, type = 'repair'): Promise<string> {
  orders += 1;
  const orderNumber = `SO-${90000 + orders}${Date.now() % 1000}`;
  await orm.em.getConnection().execute(
    `insert into service_order (order_number, account_id, type, description, workflow_id, created_at, updated_at)
     values (?, ?, ?, 'Leak at the meter box', ?, now(), now())`, [orderNumber, accountId, type, `service-order-${orderNumber}`]);
  return orderNumber;
}

/** Queues a notification with its outbox intent, in a transaction, exactly as the domain services do. */
export async function enqueue(orm: Orm, accountId: number, event: NotificationEvent, key: string, payload: Record<string, unknown>): Promise<number> {
  const id = await orm.em.fork().transactional((em) => enqueueNotification(em as EntityManager, { accountId, event, idempotencyKey: key, payload }));
  if (id === null) throw new Error(`notification ${key} was already queued`);
  return id;
}

/** A notification row without an outbox intent: for tests that drive the job by hand. */
export async function insertQueuedNotification(orm: Orm, accountId: number, event: NotificationEvent, key: string, payload: Record<string, unknown>): Promise<number> {
  const [row] = await orm.em.getConnection().execute<{ id: number }[]>(
    `insert into notification (account_id, event, status, idempotency_key, payload, attempts, created_at, updated_at)
     values (?, ?, 'queued', ?, ?, 0, now(), now()) returning id`, [accountId, event, key, JSON.stringify(payload)]);
  return row.id;
}

export interface NotificationRow {
  id: number; status: string; channel: string | null; attempts: number; last_error: string | null; provider_message_id: string | null;
}

export async function notificationRow(orm: Orm, id: number): Promise<NotificationRow> {
  const [row] = await orm.em.getConnection().execute<NotificationRow[]>(
    'select id, status, channel, attempts, last_error, provider_message_id from notification where id = ?', [id]);
  return row;
}

export async function communicationsOf(orm: Orm, notificationId: number) {
  return orm.em.getConnection().execute<{ channel: string; direction: string; subject: string | null; body: string; account_id: number }[]>(
    'select channel, direction, subject, body, account_id from communication where notification_id = ?', [notificationId]);
}
