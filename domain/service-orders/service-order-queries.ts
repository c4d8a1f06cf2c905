import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceOrderPriority, ServiceOrderStatus, ServiceOrderType, WorkflowState } from '../shared/enums.js';
import { NotFound } from '../shared/errors.js';
import { pageOf, type Page, type PageRequest } from '../shared/paging.js';
import { asDateOrNull, asIntOrNull } from '../shared/sql-values.js';

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
  slaDueAt: Date | null;
  overdue: boolean;
  workflowId: string;
  workflowState: WorkflowState;
  rating: number | null;
  createdAt: Date;
  completedAt: Date | null;
  cancelReason: string | null;
}

export interface HistoryEntry { sequence: number; from: ServiceOrderStatus | null; to: ServiceOrderStatus; action: string; at: Date; by: string; note: string | null }
export interface OrderDetail extends OrderSummary { history: HistoryEntry[]; completionNote: string | null }

export interface BoardFilters { status?: ServiceOrderStatus; type?: ServiceOrderType; priority?: ServiceOrderPriority; technicianId?: number; overdue?: boolean; accountNumber?: string }

const SELECT = `
  select o.order_number, a.account_number, a.first_name || ' ' || a.last_name as account_name, ta.account_number as target_account_number,
         o.type, o.description, o.priority, o.status, o.permanent, o.technician_id, t.name as technician_name,
         o.scheduled_for, o.window_minutes, o.sla_due_at, o.overdue, o.workflow_id, o.workflow_state, o.rating,
         o.created_at, o.completed_at, o.cancel_reason, o.completion_note
    from service_order o
    join account a on a.id = o.account_id
    left join account ta on ta.id = o.target_account_id
    left join technician t on t.id = o.technician_id`;

type Row = Record<string, unknown>;

function toSummary(row: Row): OrderSummary {
  const technicianId = asIntOrNull(row.technician_id);
  return {
    orderNumber: String(row.order_number), accountNumber: String(row.account_number), accountName: String(row.account_name),
    targetAccountNumber: (row.target_account_number as string | null) ?? null,
    type: row.type as ServiceOrderType, description: String(row.description), priority: row.priority as ServiceOrderPriority,
    status: row.status as ServiceOrderStatus, permanent: Boolean(row.permanent),
    technician: technicianId === null ? null : { id: technicianId, name: String(row.technician_name) },
    scheduledFor: asDateOrNull(row.scheduled_for), windowMinutes: asIntOrNull(row.window_minutes), slaDueAt: asDateOrNull(row.sla_due_at),
    overdue: Boolean(row.overdue), workflowId: String(row.workflow_id), workflowState: row.workflow_state as WorkflowState,
    rating: asIntOrNull(row.rating), createdAt: asDateOrNull(row.created_at)!, completedAt: asDateOrNull(row.completed_at),
    cancelReason: (row.cancel_reason as string | null) ?? null,
  };
}

/** The board's filters as SQL; every value is a parameter. */
function whereOf(filters: BoardFilters): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => { clauses.push(clause); params.push(value); };
  if (filters.status) add('o.status = ?', filters.status);
  if (filters.type) add('o.type = ?', filters.type);
  if (filters.priority) add('o.priority = ?', filters.priority);
  if (filters.technicianId) add('o.technician_id = ?', filters.technicianId);
  if (filters.accountNumber) add('a.account_number = ?', filters.accountNumber);
  if (filters.overdue !== undefined) {
    clauses.push(filters.overdue ? `o.overdue and o.status not in ('completed', 'cancelled')` : 'not o.overdue');
  }
  return { where: clauses.length ? `where ${clauses.join(' and ')}` : '', params };
}

const PRIORITY_ORDER = `case o.priority when 'emergency' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`;

/** Orders for the board and the API list: most urgent first, then oldest first. */
export async function listServiceOrders(em: EntityManager, filters: BoardFilters, page: PageRequest): Promise<Page<OrderSummary>> {
  const { where, params } = whereOf(filters);
  return pageOf(em, `${SELECT} ${where} order by o.overdue desc, ${PRIORITY_ORDER}, o.created_at, o.id`,
    `select count(*) as total from service_order o join account a on a.id = o.account_id ${where}`, params, page, toSummary);
}

export async function getServiceOrder(em: EntityManager, orderNumber: string): Promise<OrderDetail> {
  const rows = await em.getConnection().execute<Row[]>(`${SELECT} where o.order_number = ?`, [orderNumber]);
  if (!rows.length) throw new NotFound('Service order', orderNumber);
  const history = await em.getConnection().execute<Row[]>(
    `select t.sequence, t.from_status, t.to_status, t.action, t.at, t.by_name, t.note from service_order_transition t
       join service_order o on o.id = t.order_id where o.order_number = ? order by t.sequence`, [orderNumber]);
  return {
    ...toSummary(rows[0]), completionNote: (rows[0].completion_note as string | null) ?? null,
    history: history.map((h) => ({
      sequence: Number(h.sequence), from: (h.from_status as ServiceOrderStatus | null) ?? null, to: h.to_status as ServiceOrderStatus,
      action: String(h.action), at: asDateOrNull(h.at)!, by: String(h.by_name), note: (h.note as string | null) ?? null,
    })),
  };
}

/** Orders completed or cancelled in the last days, newest first, for the board's last column. */
export async function recentlyClosedOrders(em: EntityManager, days = 7, limit = 15): Promise<OrderSummary[]> {
  const rows = await em.getConnection().execute<Row[]>(
    `${SELECT} where o.status in ('completed', 'cancelled') and o.updated_at > now() - make_interval(days => ?)
      order by o.updated_at desc limit ?`, [days, limit]);
  return rows.map(toSummary);
}
