/** The dispatcher board: filters, a column per open status, recently closed orders, the new-order form. */
import { SERVICE_ORDER_PRIORITIES, SERVICE_ORDER_TYPES, type ServiceOrderStatus } from '../../domain/common/enums.js';
import type { BoardFilters, OrderSummary } from '../../domain/service-orders/service-order-queries.js';
import type { TechnicianView } from '../../domain/service-orders/technicians.js';
import { Layout, type ShellUser } from '../common/layout.js';
import { OrderCard, type CardContext } from './order-card.view.js';
import type { SlaReckoner } from '../../domain/service-orders/sla-standing.js';
import { PRIORITY_LABELS, STATUS_LABELS, TYPE_LABELS } from './labels.js';

export const BOARD_COLUMNS: ServiceOrderStatus[] = ['created', 'assigned', 'scheduled', 'in_progress'];

export interface BoardData {
  columns: Record<ServiceOrderStatus, { orders: OrderSummary[]; total: number }>;
  recentlyClosed: OrderSummary[];
  filters: BoardFilters;
  technicians: TechnicianView[];
  timeZone: string;
  now: Date;
  /** Each order's SLA deadlines and time left (business hours or wall clock). */
  sla: SlaReckoner;
}

function Filters({ filters, technicians }: { filters: BoardFilters; technicians: TechnicianView[] }) {
  return (
    <form id="board-filters" class="filters" hx-get="/service-orders" hx-target="#board" hx-swap="outerHTML" hx-push-url="true" hx-trigger="change">
      <label>Type <select name="type"><option value="">All</option>
        {SERVICE_ORDER_TYPES.map((t) => <option value={t} selected={filters.type === t}>{TYPE_LABELS[t]}</option>)}</select></label>
      <label>Priority <select name="priority"><option value="">All</option>
        {SERVICE_ORDER_PRIORITIES.map((p) => <option value={p} selected={filters.priority === p}>{PRIORITY_LABELS[p]}</option>)}</select></label>
      <label>Technician <select name="technician"><option value="">All</option>
        {technicians.map((t) => <option value={String(t.id)} selected={filters.technicianId === t.id}>{t.name}</option>)}</select></label>
      <label class="checkbox"><input type="checkbox" name="overdue" value="true" checked={filters.overdue === true} /> Past SLA only</label>
      <noscript><button type="submit">Filter</button></noscript>
    </form>
  );
}

/** The board itself: the part htmx swaps after every filter change and every action. */
export function Board({ data }: { data: BoardData }) {
  const context: CardContext = { technicians: data.technicians, timeZone: data.timeZone, now: data.now, sla: data.sla };
  return (
    <section id="board" class="board" aria-live="polite">
      {BOARD_COLUMNS.map((status) => (
        <div class="board-column" data-column={status}>
          <h2>{STATUS_LABELS[status]} <span class="count">{data.columns[status].total}</span></h2>
          {data.columns[status].orders.map((order) => <OrderCard order={order} context={context} />)}
          {data.columns[status].total > data.columns[status].orders.length
            ? <p class="muted small">{data.columns[status].total - data.columns[status].orders.length} more: narrow the filters.</p> : null}
        </div>
      ))}
      <div class="board-column closed" data-column="closed">
        <h2>Recently closed</h2>
        {data.recentlyClosed.map((order) => (
          <p class="closed-order"><a href={`/service-orders/${order.orderNumber}`}>{order.orderNumber}</a> {TYPE_LABELS[order.type]} · {STATUS_LABELS[order.status]}</p>
        ))}
      </div>
    </section>
  );
}

function NewOrderForm() {
  return (
    <details class="panel new-order">
      <summary>New service order</summary>
      <form hx-post="/service-orders" hx-target="#board" hx-swap="outerHTML" hx-include="#board-filters" class="grid-form" data-reset-on-success>
        <label>Account number <input name="accountNumber" required placeholder="WU-10001" /></label>
        <label>Type <select name="type" required>{SERVICE_ORDER_TYPES.map((t) => <option value={t}>{TYPE_LABELS[t]}</option>)}</select></label>
        <label>Priority <select name="priority">{SERVICE_ORDER_PRIORITIES.map((p) => <option value={p} selected={p === 'normal'}>{PRIORITY_LABELS[p]}</option>)}</select></label>
        <label>Transfer to (transfers only) <input name="targetAccountNumber" placeholder="WU-10002" /></label>
        <label class="checkbox"><input type="checkbox" name="permanent" value="true" /> Permanent disconnection</label>
        <label class="wide">Description <textarea name="description" required maxlength={2000} rows={2}></textarea></label>
        <button type="submit" class="primary">Create order</button>
      </form>
    </details>
  );
}

export function BoardPage({ data, user, csrfToken }: { data: BoardData; user: ShellUser; csrfToken: string | null }) {
  return (
    <Layout title="Service orders" user={user} csrfToken={csrfToken} active="service-orders">
      <h1>Service orders</h1>
      <NewOrderForm />
      <Filters filters={data.filters} technicians={data.technicians} />
      <Board data={data} />
    </Layout>
  );
}
