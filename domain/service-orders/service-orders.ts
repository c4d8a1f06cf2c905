import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceOrderPriority, ServiceOrderType } from '../shared/enums.js';
import { Conflict, Invalid, NotFound } from '../shared/errors.js';
import { normalizeAccountNumber } from '../accounts/account-number.js';
import { slaDeadlines, slaFor } from './service-order-sla.js';
import { getSetting } from '../settings/settings.js';
import { audit } from '../audit/audit.js';
import { enqueueNotification } from '../notifications/notifications.js';
import { addOutboxMessage } from '../notifications/outbox.js';
import { nextPublicNumber, resyncPublicNumbers } from '../shared/public-numbers.js';

export interface NewServiceOrder {
  accountNumber: string;
  type: ServiceOrderType;
  description: string;
  priority?: ServiceOrderPriority;
  permanent?: boolean;
  targetAccountNumber?: string;
  sourceReadingId?: number;
}

export interface Actor { userId: number | null; name: string }

export interface CreatedOrder {
  orderNumber: string;
  workflowId: string;
  outboxId: number;
  accountNumber: string;
}

async function accountId(em: EntityManager, raw: string, field: string): Promise<{ id: number; accountNumber: string }> {
  const accountNumber = normalizeAccountNumber(raw);
  if (!accountNumber) throw new Invalid(`${field} is not an account number like WU-10001.`, { [field]: 'not an account number' });
  const rows = await em.getConnection().execute<{ id: number }[]>('select id from account where account_number = ?', [accountNumber], 'all', em.getTransactionContext());
  if (!rows.length) throw new NotFound('Account', accountNumber);
  return { id: rows[0].id, accountNumber };
}

async function checkTransfer(em: EntityManager, order: NewServiceOrder, sourceId: number): Promise<number | null> {
  if (order.type !== 'transfer') return null;
  if (!order.targetAccountNumber) throw new Invalid('A transfer needs the account that takes over.', { targetAccountNumber: 'required for a transfer' });
  const target = await accountId(em, order.targetAccountNumber, 'targetAccountNumber');
  if (target.id === sourceId) throw new Invalid('A transfer goes to another account.', { targetAccountNumber: 'must differ from the account' });
  return target.id;
}

/** Inserts the order under the next free number; resyncs the sequence once if bulk-loaded data got ahead of it. */
async function insertOrder(em: EntityManager, values: unknown[]): Promise<{ id: number; orderNumber: string }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const orderNumber = await nextPublicNumber(em, 'serviceOrder');
    const rows = await em.getConnection().execute<{ id: number }[]>(
      `insert into service_order (order_number, workflow_id, account_id, target_account_id, type, description, priority, permanent,
                                  source_reading_id, sla_due_at, created_by_id, status, overdue, workflow_state, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'created', false, 'waiting_to_start', now(), now())
       on conflict (order_number) do nothing returning id`,
      [orderNumber, `service-order-${orderNumber}`, ...values], 'all', em.getTransactionContext());
    if (rows.length) return { id: rows[0].id, orderNumber };
    await resyncPublicNumbers(em, 'serviceOrder');
  }
  throw new Conflict('Could not allocate an order number; try again.');
}

/**
 * Creates an order in one transaction with its first history row, the outbox message
 * that starts its workflow, and the "order created" notification; nothing is lost if
 * Temporal is down (the relay starts it later).
 */
export async function createServiceOrder(em: EntityManager, order: NewServiceOrder, actor: Actor): Promise<CreatedOrder> {
  const sla = await getSetting(em, 'sla');
  return em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const account = await accountId(t, order.accountNumber, 'accountNumber');
    const targetId = await checkTransfer(t, order, account.id);
    const priority = order.priority ?? 'normal';
    const { completeBy } = slaDeadlines(new Date(), slaFor(order.type, priority, sla));
    const created = await insertOrder(t, [account.id, targetId, order.type, order.description, priority, order.permanent ?? false,
      order.sourceReadingId ?? null, completeBy, actor.userId]);
    await t.getConnection().execute(
      `insert into service_order_transition (order_id, sequence, from_status, to_status, action, at, by_id, by_name, note)
       values (?, 1, null, 'created', 'create', now(), ?, ?, ?)`,
      [created.id, actor.userId, actor.name, order.description], 'all', t.getTransactionContext());
    const outboxId = await addOutboxMessage(t, 'temporal', 'start_service_order', { orderNumber: created.orderNumber });
    await enqueueNotification(t, {
      accountId: account.id, event: 'order_created', idempotencyKey: `order_created:${created.orderNumber}`,
      payload: { orderNumber: created.orderNumber, type: order.type },
    });
    await audit(t, { userId: actor.userId, userName: actor.name, action: 'service_order.create', entity: 'service_order', entityId: created.orderNumber, after: { ...order, priority } });
    return { orderNumber: created.orderNumber, workflowId: `service-order-${created.orderNumber}`, outboxId, accountNumber: account.accountNumber };
  });
}

/** Records the consumer's 1–5 satisfaction rating of a completed order, once (SPEC §10). */
export async function rateServiceOrder(em: EntityManager, orderNumber: string, rating: number, actor: Actor): Promise<void> {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new Invalid('A rating is a whole number from 1 to 5.', { rating: '1 to 5' });
  await em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const rows = await t.getConnection().execute<{ status: string; rating: number | null }[]>(
      'select status, rating from service_order where order_number = ? for update', [orderNumber], 'all', t.getTransactionContext());
    if (!rows.length) throw new NotFound('Service order', orderNumber);
    if (rows[0].status !== 'completed') throw new Conflict('Only a completed order can be rated.', { currentStatus: rows[0].status });
    if (rows[0].rating !== null) throw new Conflict('This order has already been rated.', { rating: rows[0].rating });
    await t.getConnection().execute('update service_order set rating = ?, rated_at = now(), updated_at = now() where order_number = ?', [rating, orderNumber], 'all', t.getTransactionContext());
    await audit(t, { userId: actor.userId, userName: actor.name, action: 'service_order.rate', entity: 'service_order', entityId: orderNumber, after: { rating } });
  });
}
