/** Consumers, orders and queued notifications for the notification tests, inserted as the app would. */
import { sql } from 'kysely';
import type { NotificationEvent, ServiceOrderType } from '../../domain/common/enums.js';
import type { Orm } from '../../infra/database/orm.js';
import { db } from '../../domain/common/database.js';
import { enqueueNotification } from '../../domain/notifications/notifications.js';
import { insertMinimalAccount } from './minimal-account.js';

export interface Consumer { id: number; accountNumber: string; email: string | null; phone: string | null }

let orders = 0;

/** An account preferring `channel`; SMS consumers get a mobile number written the way people type it. */
export async function insertConsumer(orm: Orm, options: { channel?: 'email' | 'sms'; optOut?: boolean; email?: string | null; phone?: string | null } = {}): Promise<Consumer> {
  const account = await insertMinimalAccount(orm);
  const email = options.email === undefined ? `consumer-${account.id}@example.com` : options.email;
  const phone = options.phone === undefined ? (options.channel === 'sms' ? `(555) 010-${String(1000 + account.id).slice(-4)}` : null) : options.phone;
  await db(orm.em.fork()).updateTable('account')
    .set({ email, phone, preferred_channel: options.channel ?? 'email', notifications_opt_out: options.optOut ?? false })
    .where('id', '=', account.id).execute();
  return { id: account.id, accountNumber: account.accountNumber, email, phone };
}

/** A service order row on `accountId`, for notifications that name an order. */
export async function insertOrder(orm: Orm, accountId: number, type: ServiceOrderType = 'repair', visit?: { scheduledFor: string; windowMinutes: number }): Promise<string> {
  orders += 1;
  const orderNumber = `SO-${90000 + orders}${Date.now() % 1000}`;
  await db(orm.em.fork()).insertInto('service_order').values({
    order_number: orderNumber, account_id: accountId, type, description: 'Leak at the meter box',
    workflow_id: `service-order-${orderNumber}`, created_at: sql`now()`, updated_at: sql`now()`,
    ...(visit ? { status: 'scheduled' as const, scheduled_for: new Date(visit.scheduledFor), window_minutes: visit.windowMinutes } : {}),
  }).execute();
  return orderNumber;
}

/** Queues a notification with its outbox intent, in a transaction, exactly as the domain services do. */
export async function enqueue(orm: Orm, accountId: number, event: NotificationEvent, key: string, payload: Record<string, unknown>): Promise<number> {
  const id = await orm.em.fork().transactional((em) => enqueueNotification(em, { accountId, event, idempotencyKey: key, payload }));
  if (id === null) throw new Error(`notification ${key} was already queued`);
  return id;
}

/** A notification row without an outbox intent: for tests that drive the job by hand. */
export async function insertQueuedNotification(orm: Orm, accountId: number, event: NotificationEvent, key: string, payload: Record<string, unknown>): Promise<number> {
  const row = await db(orm.em.fork()).insertInto('notification').values({
    account_id: accountId, event, status: 'queued', idempotency_key: key, payload, attempts: 0, created_at: sql`now()`, updated_at: sql`now()`,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function notificationRow(orm: Orm, id: number) {
  return db(orm.em.fork()).selectFrom('notification')
    .select(['id', 'status', 'channel', 'attempts', 'last_error', 'provider_message_id', 'handed_over_at'])
    .where('id', '=', id).executeTakeFirstOrThrow();
}

export async function communicationsOf(orm: Orm, notificationId: number) {
  return db(orm.em.fork()).selectFrom('communication').select(['channel', 'direction', 'subject', 'body', 'account_id'])
    .where('notification_id', '=', notificationId).execute();
}
