/** Reading service orders for the board, the API list and the order page, with their history. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { ServiceOrderPriority, ServiceOrderStatus, ServiceOrderType, WorkflowState } from '../common/enums.js';
import { db } from '../common/database.js';
import { NotFound } from '../common/errors.js';
import { fetchPage, type Page, type PageRequest } from '../common/paging.js';

export interface OrderSummary {
  orderNumber: string;
  accountNumber: string;
  accountName: string;
  targetAccountNumber: string | null;
  type: ServiceOrderType;
  description: string;
  priority: ServiceOrderPriority;
  status: ServiceOrderStatus;
  permanent: boolean;
  technician: { id: number; name: string } | null;
  scheduledFor: Date | null;
  windowMinutes: number | null;
  /** The assignment deadline fixed at creation (null for orders from before it was stored). */
  assignDueAt: Date | null;
  slaDueAt: Date | null;
  overdue: boolean;
  workflowId: string;
  workflowState: WorkflowState;
  rating: number | null;
  createdAt: Date;
  completedAt: Date | null;
  cancelReason: string | null;
  /** Why the dispatchers should look at it (a move not recorded, a divergence from its workflow), until the next recorded move. */
  attention: string | null;
}

export interface HistoryEntry { sequence: number; from: ServiceOrderStatus | null; to: ServiceOrderStatus; action: string; at: Date; by: string; note: string | null }
export interface OrderDetail extends OrderSummary { history: HistoryEntry[]; completionNote: string | null }

export interface BoardFilters { status?: ServiceOrderStatus; type?: ServiceOrderType; priority?: ServiceOrderPriority; technicianId?: number; overdue?: boolean; accountNumber?: string }

/** Orders with their account, target account and technician (each at most one row, so counts are of orders). */
const ordersFrom = (em: EntityManager) => db(em).selectFrom('service_order as o')
  .innerJoin('account as a', 'a.id', 'o.account_id')
  .leftJoin('account as ta', 'ta.id', 'o.target_account_id')
  .leftJoin('technician as t', 't.id', 'o.technician_id');
type Orders = ReturnType<typeof ordersFrom>;

/** The summary's columns. */
function withSummary(orders: Orders) {
  return orders
    .select([
      'o.order_number', 'a.account_number', sql<string>`a.first_name || ' ' || a.last_name`.as('account_name'),
      'ta.account_number as target_account_number', 'o.type', 'o.description', 'o.priority', 'o.status', 'o.permanent',
      'o.technician_id', 't.name as technician_name', 'o.scheduled_for', 'o.window_minutes', 'o.assign_due_at', 'o.sla_due_at', 'o.overdue',
      'o.workflow_id', 'o.workflow_state', 'o.rating', 'o.created_at', 'o.completed_at', 'o.cancel_reason', 'o.completion_note',
      'o.attention',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof withSummary>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): OrderSummary {
  return {
    orderNumber: row.order_number, accountNumber: row.account_number, accountName: row.account_name,
    targetAccountNumber: row.target_account_number, type: row.type, description: row.description, priority: row.priority,
    status: row.status, permanent: row.permanent,
    technician: row.technician_id === null ? null : { id: row.technician_id, name: String(row.technician_name) },
    scheduledFor: row.scheduled_for, windowMinutes: row.window_minutes, assignDueAt: row.assign_due_at, slaDueAt: row.sla_due_at,
    overdue: row.overdue, workflowId: row.workflow_id, workflowState: row.workflow_state,
    rating: row.rating, createdAt: row.created_at, completedAt: row.completed_at, cancelReason: row.cancel_reason,
    attention: row.attention,
  };
}

/** The board's filters; every value is a parameter. */
function filtered(orders: Orders, filters: BoardFilters): Orders {
  return orders
    .$if(Boolean(filters.status), (q) => q.where('o.status', '=', filters.status!))
    .$if(Boolean(filters.type), (q) => q.where('o.type', '=', filters.type!))
    .$if(Boolean(filters.priority), (q) => q.where('o.priority', '=', filters.priority!))
    .$if(Boolean(filters.technicianId), (q) => q.where('o.technician_id', '=', filters.technicianId!))
    .$if(Boolean(filters.accountNumber), (q) => q.where('a.account_number', '=', filters.accountNumber!))
    .$if(filters.overdue === true, (q) => q.where('o.overdue', '=', true).where('o.status', 'not in', ['completed', 'cancelled']))
    .$if(filters.overdue === false, (q) => q.where('o.overdue', '=', false));
}

/** Orders for the board and the API list: most urgent first, then oldest first. */
export async function listServiceOrders(em: EntityManager, filters: BoardFilters, page: PageRequest): Promise<Page<OrderSummary>> {
  const orders = filtered(ordersFrom(em), filters);
  const select = withSummary(orders)
    .orderBy('o.overdue', 'desc')
    .orderBy((eb) => eb.case('o.priority').when('emergency').then(0).when('high').then(1).when('normal').then(2).else(3).end())
    .orderBy('o.created_at').orderBy('o.id');
  return fetchPage(select, orders.select((eb) => eb.fn.countAll<string>().as('total')), page, toSummary);
}

export async function getServiceOrder(em: EntityManager, orderNumber: string): Promise<OrderDetail> {
  const row = await withSummary(ordersFrom(em)).where('o.order_number', '=', orderNumber).executeTakeFirst();
  if (!row) throw new NotFound('Service order', orderNumber);
  const history = await db(em).selectFrom('service_order_transition as t')
    .innerJoin('service_order as o', 'o.id', 't.order_id')
    .select(['t.sequence', 't.from_status', 't.to_status', 't.action', 't.at', 't.by_name', 't.note'])
    .where('o.order_number', '=', orderNumber).orderBy('t.sequence').execute();
  return {
    ...toSummary(row), completionNote: row.completion_note,
    history: history.map((h) => ({ sequence: h.sequence, from: h.from_status, to: h.to_status, action: h.action, at: h.at, by: h.by_name, note: h.note })),
  };
}

/** Orders completed or cancelled in the last days, newest first, for the board's last column. */
export async function recentlyClosedOrders(em: EntityManager, days = 7, limit = 15): Promise<OrderSummary[]> {
  const rows = await withSummary(ordersFrom(em))
    .where('o.status', 'in', ['completed', 'cancelled'])
    .where('o.updated_at', '>', sql<Date>`now() - make_interval(days => ${days})`)
    .orderBy('o.updated_at', 'desc').limit(limit).execute();
  return rows.map(toSummary);
}
