/** Creating a service order (with its first history row and the outbox row that starts its workflow) and rating it. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import type { ServiceOrderPriority, ServiceOrderType } from '../common/enums.js';
import { Conflict, Invalid, NotFound } from '../common/errors.js';
import { normalizeAccountNumber } from '../accounts/account-number.js';
import { findAccount, type AccountRef } from '../accounts/account-record.js';
import { slaDeadlines, slaFor } from './service-order-sla.js';
import { getSetting } from '../settings/settings.js';
import { audit } from '../audit/audit.js';
import { enqueueNotification } from '../notifications/notifications.js';
import { addOutboxMessage } from '../notifications/outbox.js';
import { nextPublicNumber, resyncPublicNumbers } from '../common/public-numbers.js';
import { workflowIdFor } from './service-order-workflow.js';

export interface NewServiceOrder {
  accountNumber: string;
  type: ServiceOrderType;
  description: string;
  priority?: ServiceOrderPriority;
  permanent?: boolean;
  targetAccountNumber?: string;
  sourceReadingId?: number;
}

export interface CreatedOrder {
  orderNumber: string;
  workflowId: string;
  outboxId: number;
  accountNumber: string;
}

/** The account an order names: Invalid (422) for a malformed number, NotFound for one no account has. */
async function orderAccount(em: EntityManager, raw: string, field: string): Promise<AccountRef> {
  if (!normalizeAccountNumber(raw)) throw new Invalid(`${field} is not an account number like WU-10001.`, { [field]: 'not an account number' });
  return findAccount(em, raw);
}

async function checkTransfer(em: EntityManager, order: NewServiceOrder, sourceId: number): Promise<number | null> {
  if (order.type !== 'transfer') return null;
  if (!order.targetAccountNumber) throw new Invalid('A transfer needs the account that takes over.', { targetAccountNumber: 'required for a transfer' });
  const target = await orderAccount(em, order.targetAccountNumber, 'targetAccountNumber');
  if (target.id === sourceId) throw new Invalid('A transfer goes to another account.', { targetAccountNumber: 'must differ from the account' });
  return target.id;
}

/**
 * The flagged reading an order is created from (docs/rules.md#service-orders): it must be the account's
 * own, still pending, flagged, and not already under an open inspection; anything else is
 * a 422 naming `sourceReadingId`. The row is locked, so two agents cannot both open one.
 */
async function checkSourceReading(em: EntityManager, readingId: number | undefined, accountId: number, type: ServiceOrderType): Promise<number | null> {
  if (readingId === undefined) return null;
  const refuse = (reason: string, message: string): never => { throw new Invalid(message, { sourceReadingId: reason }); };
  if (!Number.isSafeInteger(readingId) || readingId <= 0 || readingId > 2_147_483_647) refuse('unknown reading', 'No reading has that id.');
  const reading = await db(em).selectFrom('reading').select(['account_id', 'meter_id', 'verification_status', 'flags', 'source', 'superseded_by_id'])
    .where('id', '=', readingId).forUpdate().executeTakeFirst();
  if (!reading) return refuse('unknown reading', `No reading has the id ${readingId}.`);
  if (reading.account_id !== accountId) refuse('a reading of another account', `Reading ${readingId} is not this account's.`);
  if (type === 'meter_reading') return checkEstimateSource(em, readingId, reading, refuse);
  if (!reading.flags?.length) refuse('not flagged', `Reading ${readingId} is not flagged; there is nothing to inspect.`);
  if (reading.verification_status !== 'pending') refuse(`already ${reading.verification_status}`, `Reading ${readingId} is already ${reading.verification_status}.`);
  const open = await db(em).selectFrom('service_order').select('order_number')
    .where('source_reading_id', '=', readingId).where('type', '=', 'inspection').where('status', 'not in', ['completed', 'cancelled'])
    .limit(1).executeTakeFirst();
  if (open) refuse(`inspection ${open.order_number} is open`, `Inspection order ${open.order_number} is already open for reading ${readingId}.`);
  return readingId;
}

/**
 * A meter-reading order raised from estimates (docs/rules.md#estimated-readings) names an open estimate
 * of the meter, and the meter may have only one such order for its run of estimates.
 */
async function checkEstimateSource(
  em: EntityManager, readingId: number, reading: { meter_id: number; source: string; superseded_by_id: number | null },
  refuse: (reason: string, message: string) => never,
): Promise<number> {
  if (reading.source !== 'estimated' || reading.superseded_by_id !== null) refuse('not an open estimate', `Reading ${readingId} is not an open estimate.`);
  const open = await db(em).selectFrom('service_order as o').innerJoin('reading as e', 'e.id', 'o.source_reading_id').select('o.order_number')
    .where('o.type', '=', 'meter_reading').where('e.meter_id', '=', reading.meter_id).where('e.source', '=', 'estimated')
    .where('e.superseded_by_id', 'is', null).limit(1).executeTakeFirst();
  if (open) refuse(`meter reading ${open.order_number} exists`, `Meter-reading order ${open.order_number} was already raised for these estimates.`);
  return readingId;
}

interface OrderValues {
  accountId: number; targetAccountId: number | null; type: ServiceOrderType; description: string; priority: ServiceOrderPriority;
  permanent: boolean; sourceReadingId: number | null; slaDueAt: Date; createdById: number | null;
}

/** Inserts the order under the next free number; resyncs the sequence once if bulk-loaded data got ahead of it. */
async function insertOrder(em: EntityManager, values: OrderValues): Promise<{ id: number; orderNumber: string }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const orderNumber = await nextPublicNumber(em, 'serviceOrder');
    const inserted = await db(em).insertInto('service_order').values({
      order_number: orderNumber, workflow_id: workflowIdFor(orderNumber), account_id: values.accountId,
      target_account_id: values.targetAccountId, type: values.type, description: values.description, priority: values.priority,
      permanent: values.permanent, source_reading_id: values.sourceReadingId, sla_due_at: values.slaDueAt,
      created_by_id: values.createdById, status: 'created', overdue: false, workflow_state: 'waiting_to_start',
      created_at: sql`now()`, updated_at: sql`now()`,
    }).onConflict((oc) => oc.column('order_number').doNothing()).returning('id').executeTakeFirst();
    if (inserted) return { id: inserted.id, orderNumber };
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
    const account = await orderAccount(tx, order.accountNumber, 'accountNumber');
    const targetId = await checkTransfer(tx, order, account.id);
    const sourceReadingId = await checkSourceReading(tx, order.sourceReadingId, account.id, order.type);
    const priority = order.priority ?? 'normal';
    const { completeBy } = slaDeadlines(new Date(), slaFor(order.type, priority, sla));
    const created = await insertOrder(tx, {
      accountId: account.id, targetAccountId: targetId, type: order.type, description: order.description, priority,
      permanent: order.permanent ?? false, sourceReadingId, slaDueAt: completeBy, createdById: actor.userId,
    });
    await db(tx).insertInto('service_order_transition').values({
      order_id: created.id, sequence: 1, from_status: null, to_status: 'created', action: 'create', at: sql`now()`,
      by_id: actor.userId, by_name: actor.name, note: order.description,
    }).execute();
    const outboxId = await addOutboxMessage(tx, 'temporal', 'start_service_order', { orderNumber: created.orderNumber, ...(actor.requestId && { requestId: actor.requestId }) });
    await enqueueNotification(tx, {
      accountId: account.id, event: 'order_created', idempotencyKey: `order_created:${created.orderNumber}`,
      payload: { orderNumber: created.orderNumber, type: order.type }, requestId: actor.requestId,
    });
    await audit(tx, { userId: actor.userId, userName: actor.name, action: 'service_order.create', entity: 'service_order', entityId: created.orderNumber, after: { ...order, priority } });
    return { orderNumber: created.orderNumber, workflowId: workflowIdFor(created.orderNumber), outboxId, accountNumber: account.accountNumber };
  });
}

/** Records the consumer's 1–5 satisfaction rating of a completed order, once (docs/rules.md#service-orders). */
export async function rateServiceOrder(em: EntityManager, orderNumber: string, rating: number, actor: Actor): Promise<void> {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new Invalid('A rating is a whole number from 1 to 5.', { rating: '1 to 5' });
  await em.transactional(async (tx) => {
    const order = await db(tx).selectFrom('service_order').select(['status', 'rating'])
      .where('order_number', '=', orderNumber).forUpdate().executeTakeFirst();
    if (!order) throw new NotFound('Service order', orderNumber);
    if (order.status !== 'completed') throw new Conflict('Only a completed order can be rated.', { currentStatus: order.status });
    if (order.rating !== null) throw new Conflict('This order has already been rated.', { rating: order.rating });
    await db(tx).updateTable('service_order').set({ rating, rated_at: sql`now()`, updated_at: sql`now()` })
      .where('order_number', '=', orderNumber).execute();
    await audit(tx, { userId: actor.userId, userName: actor.name, action: 'service_order.rate', entity: 'service_order', entityId: orderNumber, after: { rating } });
  });
}
