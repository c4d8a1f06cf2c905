/** The profile's Service tab: the account's service orders with their history. */
import type { Page } from '../../domain/common/paging.js';
import type { ServiceOrderItem } from '../../domain/service-orders/profile-service.js';
import { enumLabel, formatDateTime } from './format.js';
import { Pager } from './pager.view.js';
import { tabUrl } from './tabs.view.js';
import { ServiceOrderForm } from './forms/service-order-form.view.js';

export interface ServiceProps {
  accountNumber: string; orders: Page<ServiceOrderItem>; timeZone: string;
  /** The complaints' page shown beside the orders, kept when the orders' page changes. */
  complaintsPage?: number;
}

function History({ order, timeZone }: { order: ServiceOrderItem; timeZone: string }) {
  if (!order.history.length) return <span class="muted">No moves recorded.</span>;
  return (
    <details>
      <summary>History ({order.history.length})</summary>
      <ol class="order-history">
        {order.history.map((h) => (
          <li>
            {formatDateTime(h.at, timeZone)}: {h.from ? `${enumLabel(h.from)} → ` : ''}{enumLabel(h.to)} by {h.by}
            {h.note ? <span class="muted"> — {h.note}</span> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

export function ServiceTab({ accountNumber, orders, timeZone, complaintsPage }: ServiceProps) {
  return (
    <section class="panel" aria-labelledby="orders-heading">
      <h2 id="orders-heading">Service orders</h2>
      <ServiceOrderForm accountNumber={accountNumber} />
      {orders.items.length ? (
        <table class="orders">
          <thead>
            <tr>
              <th scope="col">Order</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Priority</th>
              <th scope="col">Technician</th><th scope="col">Created</th><th scope="col">Scheduled</th><th scope="col">Completed</th>
            </tr>
          </thead>
          {orders.items.map((o) => (
            <tbody data-order={o.orderNumber}>
              <tr>
                <td>
                  <a href={`/service-orders/${o.orderNumber}`}>{o.orderNumber}</a>
                  {o.overdue ? <span class="overdue-marker" data-overdue="true"> Past SLA</span> : null}
                </td>
                <td>{enumLabel(o.type)}</td>
                <td><span class={`order-status order-status-${o.status}`}>{enumLabel(o.status)}</span></td>
                <td><span class={`priority priority-${o.priority}`}>{enumLabel(o.priority)}</span></td>
                <td>{o.technician ?? '—'}</td>
                <td>{formatDateTime(o.createdAt, timeZone)}</td>
                <td>{formatDateTime(o.scheduledFor, timeZone)}{o.windowMinutes ? ` (${o.windowMinutes} min window)` : ''}</td>
                <td>{formatDateTime(o.completedAt, timeZone)}{o.rating ? ` · rated ${o.rating}/5` : ''}</td>
              </tr>
              <tr class="order-detail">
                <td colspan={8}>{o.description} <History order={o} timeZone={timeZone} /></td>
              </tr>
            </tbody>
          ))}
        </table>
      ) : <p class="muted">No service orders yet.</p>}
      <Pager page={orders} label="Service orders" href={(page) => tabUrl(accountNumber, 'service', { page, complaintsPage })} />
    </section>
  );
}
