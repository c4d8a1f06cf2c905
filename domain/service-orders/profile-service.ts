/** The Service tab (docs/rules.md#consumer-profile, docs/rules.md#service-orders): the account's service orders with their history, newest first. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceOrderPriority, ServiceOrderStatus, ServiceOrderType } from '../common/enums.js';
import { db } from '../common/database.js';
import { isTerminal } from './service-order-transitions.js';
import { fetchPage, type Page, type PageRequest } from '../common/paging.js';

export interface OrderHistoryEntry { from: ServiceOrderStatus | null; to: ServiceOrderStatus; action: string; at: Date; by: string; note: string | null }

export interface ServiceOrderItem {
  orderNumber: string;
  type: ServiceOrderType;
  description: string;
  status: ServiceOrderStatus;
  priority: ServiceOrderPriority;
  technician: string | null;
  createdAt: Date;
  scheduledFor: Date | null;
  windowMinutes: number | null;
  completedAt: Date | null;
  slaDueAt: Date | null;
  /** Past its SLA: still open and marked overdue by its workflow or past slaDueAt (as the profile alert counts it). */
  overdue: boolean;
  rating: number | null;
  history: OrderHistoryEntry[];
}

/** The same test as the `sla_missed` profile alert (domain/accounts/account-alerts.ts). */
export function isPastSla(order: { status: ServiceOrderStatus; overdue: boolean; slaDueAt: Date | null }, asOf: Date): boolean {
  return !isTerminal(order.status) && (order.overdue || (order.slaDueAt !== null && order.slaDueAt.getTime() < asOf.getTime()));
}

export async function listServiceOrders(
  em: EntityManager, accountId: number, request: PageRequest, asOf: Date = new Date(),
): Promise<Page<ServiceOrderItem & { id: number }>> {
  const orders = db(em).selectFrom('service_order as so').leftJoin('technician as t', 't.id', 'so.technician_id')
    .where('so.account_id', '=', accountId);
  const select = orders.select([
      'so.id', 'so.order_number', 'so.type', 'so.description', 'so.status', 'so.priority', 't.name as technician',
      'so.created_at', 'so.scheduled_for', 'so.window_minutes', 'so.completed_at', 'so.sla_due_at', 'so.overdue', 'so.rating',
    ])
    .orderBy('so.created_at', 'desc').orderBy('so.id', 'desc');
  const page = await fetchPage(select, orders.select((eb) => eb.fn.countAll<string>().as('total')), request, (r) => {
    const order = {
      id: r.id, orderNumber: r.order_number, type: r.type, description: r.description, status: r.status, priority: r.priority,
      technician: r.technician, createdAt: r.created_at, scheduledFor: r.scheduled_for, windowMinutes: r.window_minutes,
      completedAt: r.completed_at, slaDueAt: r.sla_due_at, overdue: r.overdue, rating: r.rating, history: [] as OrderHistoryEntry[],
    };
    return { ...order, overdue: isPastSla(order, asOf) };
  });
  if (!page.items.length) return page;
  // One query for the history of every order on the page, not one per order.
  const rows = await db(em).selectFrom('service_order_transition')
    .select(['order_id', 'from_status', 'to_status', 'action', 'at', 'by_name', 'note'])
    .where('order_id', 'in', page.items.map((o) => o.id))
    .orderBy('order_id').orderBy('sequence').execute();
  const byOrder = new Map(page.items.map((o) => [o.id, o.history]));
  for (const r of rows) {
    byOrder.get(r.order_id)?.push({ from: r.from_status, to: r.to_status, action: r.action, at: r.at, by: r.by_name, note: r.note });
  }
  return page;
}
