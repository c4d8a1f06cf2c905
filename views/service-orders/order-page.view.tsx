/** The order page: the order, its history, and a link to its workflow in the Temporal UI. */
import type { OrderDetail } from '../../domain/service-orders/service-order-queries.js';
import { formatLocalDateTime } from '../../domain/common/utility-time.js';
import { Layout, type ShellUser } from '../common/layout.js';
import { PRIORITY_LABELS, STATUS_LABELS, TYPE_LABELS } from './labels.js';
import type { SlaStanding } from '../../domain/service-orders/sla-standing.js';
import { SlaDeadlines } from './sla-deadlines.view.js';

/** One order with its whole history and a link to its run in the Temporal UI. */
export function OrderPage({ order, sla, user, csrfToken, timeZone, temporalUiUrl }: {
  order: OrderDetail; sla: SlaStanding; user: ShellUser; csrfToken: string | null; timeZone: string; temporalUiUrl: string;
}) {
  const when = (d: Date | null) => (d ? formatLocalDateTime(d, timeZone) : '—');
  return (
    <Layout title={order.orderNumber} user={user} csrfToken={csrfToken} active="service-orders">
      <section class="panel">
        <h1>{order.orderNumber} <span class={`order-status order-status-${order.status}`}>{STATUS_LABELS[order.status]}</span>
          {order.overdue ? <span class="badge badge-overdue">Past SLA</span> : null}</h1>
        <p>{TYPE_LABELS[order.type]} for <a href={`/accounts/${order.accountNumber}`}>{order.accountNumber} {order.accountName}</a>
          {order.targetAccountNumber ? <> → <a href={`/accounts/${order.targetAccountNumber}`}>{order.targetAccountNumber}</a></> : null}</p>
        <p>{order.description}</p>
        {order.attention ? <p class="order-attention" role="alert">{order.attention}</p> : null}
        <dl class="order-facts">
          <dt>Priority</dt><dd>{PRIORITY_LABELS[order.priority]}</dd>
          <dt>Technician</dt><dd>{order.technician?.name ?? 'Not assigned'}</dd>
          <dt>Visit</dt><dd>{order.scheduledFor ? `${when(order.scheduledFor)} (${order.windowMinutes ?? 120} min window)` : 'Not scheduled'}</dd>
          <dt>Created</dt><dd>{when(order.createdAt)}</dd>
          <dt>SLA counts</dt><dd>{sla.clock === 'business' ? 'Business hours (holidays skipped)' : 'Wall clock (every hour)'}</dd>
          {sla.deadlines.length ? <SlaDeadlines standing={sla} timeZone={timeZone} /> : <><dt>SLA due</dt><dd>{when(order.slaDueAt)}</dd></>}
          <dt>Completed</dt><dd>{when(order.completedAt)}</dd>
          {order.cancelReason ? <><dt>Cancelled because</dt><dd>{order.cancelReason}</dd></> : null}
          {order.rating ? <><dt>Satisfaction</dt><dd>{order.rating} / 5</dd></> : null}
          <dt>Workflow</dt><dd><a href={temporalUiUrl} rel="noopener">{order.workflowId}</a> ({order.workflowState.replaceAll('_', ' ')})</dd>
        </dl>
      </section>
      <section class="panel">
        <h2>History</h2>
        <table>
          <thead><tr><th>When</th><th>Move</th><th>From → to</th><th>By</th><th>Note</th></tr></thead>
          <tbody>
            {order.history.map((h) => (
              <tr><td>{when(h.at)}</td><td>{h.action}</td><td>{h.from ? STATUS_LABELS[h.from] : '—'} → {STATUS_LABELS[h.to]}</td><td>{h.by}</td><td>{h.note ?? ''}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
      {/* The board is the dispatchers'; an agent who opened the order from a profile goes back to it. */}
      <p>{user.role === 'agent'
        ? <a href={`/accounts/${order.accountNumber}/service`}>Back to {order.accountNumber}’s service orders</a>
        : <a href="/service-orders">Back to the board</a>}</p>
    </Layout>
  );
}
