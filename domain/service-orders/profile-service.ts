/** The Service tab (SPEC §5, §10): the account's service orders with their history, newest first. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceOrderPriority, ServiceOrderStatus, ServiceOrderType } from '../shared/enums.js';
import { isTerminal } from './service-order-transitions.js';
import { pageOf, type Page, type PageRequest } from '../shared/paging.js';
import { asDate, asDateOrNull, asInt, asIntOrNull } from '../shared/sql-values.js';

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

const ORDERS = `
  select so.id, so.order_number, so.type, so.description, so.status, so.priority, t.name as technician,
         so.created_at, so.scheduled_for, so.window_minutes, so.completed_at, so.sla_due_at, so.overdue, so.rating
    from service_order so left join technician t on t.id = so.technician_id
   where so.account_id = ?
   order by so.created_at desc, so.id desc`;

const HISTORY = `
  select order_id, from_status, to_status, action, at, by_name, note
    from service_order_transition where order_id in (?) order by order_id, sequence`;

/** The same test as the `sla_missed` profile alert (domain/accounts/account-alerts.ts). */
export function isPastSla(order: { status: ServiceOrderStatus; overdue: boolean; slaDueAt: Date | null }, asOf: Date): boolean {
  return !isTerminal(order.status) && (order.overdue || (order.slaDueAt !== null && order.slaDueAt.getTime() < asOf.getTime()));
}

export async function listServiceOrders(
  em: EntityManager, accountId: number, request: PageRequest, asOf: Date = new Date(),
): Promise<Page<ServiceOrderItem & { id: number }>> {
  const page = await pageOf(em, ORDERS, 'select count(*) as total from service_order where account_id = ?', [accountId], request, (r) => {
    const order = {
      id: asInt(r.id), orderNumber: String(r.order_number), type: r.type as ServiceOrderType, description: String(r.description),
      status: r.status as ServiceOrderStatus, priority: r.priority as ServiceOrderPriority,
      technician: (r.technician as string | null) ?? null, createdAt: asDate(r.created_at),
      scheduledFor: asDateOrNull(r.scheduled_for), windowMinutes: asIntOrNull(r.window_minutes),
      completedAt: asDateOrNull(r.completed_at), slaDueAt: asDateOrNull(r.sla_due_at), overdue: Boolean(r.overdue),
      rating: asIntOrNull(r.rating), history: [] as OrderHistoryEntry[],
    };
    return { ...order, overdue: isPastSla(order, asOf) };
  });
  if (!page.items.length) return page;
  // One query for the history of every order on the page, not one per order.
  // The ids are integers we just read; the driver expands the array into the IN list.
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(HISTORY, [page.items.map((o) => o.id)]);
  const byOrder = new Map(page.items.map((o) => [o.id, o.history]));
  for (const r of rows) {
    byOrder.get(asInt(r.order_id))?.push({
      from: (r.from_status as ServiceOrderStatus | null) ?? null, to: r.to_status as ServiceOrderStatus, action: String(r.action),
      at: asDate(r.at), by: String(r.by_name), note: (r.note as string | null) ?? null,
    });
  }
  return page;
}
