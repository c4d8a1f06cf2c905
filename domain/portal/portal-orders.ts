/**
 * Service orders a consumer requests and follows in the portal (docs/rules.md#self-service-portal):
 * four types, created through the same path as the staff's (so the workflow starts and the order
 * joins the dispatcher board), and cancellable by the consumer only while nobody has acted on it.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import type { ServiceOrderType } from '../common/enums.js';
import { Conflict, NotFound } from '../common/errors.js';
import type { OrderState } from '../service-orders/service-order-workflow.js';
import { cancelOrder, type Desk } from '../service-orders/service-order-desk.js';
import { getServiceOrder, type OrderDetail } from '../service-orders/service-order-queries.js';
import { createServiceOrder, type CreatedOrder } from '../service-orders/service-orders.js';

/** What a consumer may ask for; the rest (transfers, disconnections, …) goes through an agent. */
export const PORTAL_ORDER_TYPES = ['reconnection', 'meter_reading', 'repair', 'inspection'] as const satisfies readonly ServiceOrderType[];
export type PortalOrderType = (typeof PORTAL_ORDER_TYPES)[number];

/** The reason a consumer's own cancellation records. */
export const CUSTOMER_CANCEL_REASON = 'Cancelled by the customer in the portal.';

export interface OrderRequest { type: PortalOrderType; description: string }

/** A consumer's request: a normal-priority order on their own account, through the staff's creation path. */
export function requestServiceOrder(em: EntityManager, accountNumber: string, request: OrderRequest, actor: Actor, timeZone: string): Promise<CreatedOrder> {
  return createServiceOrder(em, { accountNumber, type: request.type, description: request.description, priority: 'normal' }, actor, timeZone);
}

/** An order of the account, with its history; one of another account is not found, as an unknown one is. */
export async function ownServiceOrder(em: EntityManager, accountId: number, orderNumber: string): Promise<OrderDetail> {
  const owner = await db(em).selectFrom('service_order').select('account_id').where('order_number', '=', orderNumber).executeTakeFirst();
  if (!owner || owner.account_id !== accountId) throw new NotFound('Service order', orderNumber);
  return getServiceOrder(em, orderNumber);
}

/** Cancels the consumer's own order while it is still `created`; later, the dispatchers decide (409). */
export async function cancelOwnOrder(desk: Desk, accountId: number, orderNumber: string): Promise<OrderState> {
  const order = await ownServiceOrder(desk.em, accountId, orderNumber);
  const tooLate = (status: string) => new Conflict(`Order ${orderNumber} is already ${status.replaceAll('_', ' ')}; call us to change or cancel it.`,
    { currentStatus: status, reason: 'not_cancellable' });
  if (order.status !== 'created') throw tooLate(order.status);
  try {
    // Only while still `created` when the workflow takes it: a dispatcher may have assigned it since it was read here.
    return await cancelOrder(desk, orderNumber, CUSTOMER_CANCEL_REASON, 'created');
  } catch (error) {
    const moved = error instanceof Conflict ? (error.details as { currentStatus?: string } | undefined)?.currentStatus : undefined;
    throw moved && moved !== 'created' ? tooLate(moved) : error;
  }
}
