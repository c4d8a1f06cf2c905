/** The portal's service pages: request an order and list them (/my/service-orders), and follow one (/my/service-orders/{n}). */
import type { Page } from '../../domain/common/paging.js';
import { PORTAL_ORDER_TYPES } from '../../domain/portal/portal-orders.js';
import type { ServiceOrderItem } from '../../domain/service-orders/profile-service.js';
import type { OrderDetail } from '../../domain/service-orders/service-order-queries.js';
import { controlProps, Field, FormMessage } from '../common/form-field.js';
import { formatDateTime } from '../profile/format.js';
import { Notice } from './portal-layout.js';
import { orderStatusLabel, orderTypeLabel } from './portal-format.js';
import { CsrfField, posting, type PortalForm } from './portal-form.js';

function RequestForm({ form, csrfToken }: { form: PortalForm; csrfToken: string | null }) {
  return (
    <form id="request-form" {...posting('/my/service-orders')}>
      <CsrfField token={csrfToken} />
      <FormMessage message={form.message} />
      <Field label="What do you need?" name="type" error={form.errors.type}>
        <select {...controlProps('type', form.errors)}>
          <option value="">Choose…</option>
          {PORTAL_ORDER_TYPES.map((t) => <option value={t} selected={form.values.type === t}>{orderTypeLabel(t)}</option>)}
        </select>
      </Field>
      <Field label="Tell us more" name="description" error={form.errors.description}>
        <textarea {...controlProps('description', form.errors)} rows={4} maxlength={2000} required>{form.values.description ?? ''}</textarea>
      </Field>
      <button type="submit" class="primary">Send request</button>
    </form>
  );
}

export function ServicePage({ orders, form, csrfToken, timeZone }: { orders: Page<ServiceOrderItem>; form: PortalForm; csrfToken: string | null; timeZone: string }) {
  return (
    <>
      <h1>Service</h1>
      <section class="card" aria-labelledby="request-heading">
        <h2 id="request-heading">Request a service</h2>
        <RequestForm form={form} csrfToken={csrfToken} />
      </section>
      <section class="card" aria-labelledby="orders-heading">
        <h2 id="orders-heading">Your requests</h2>
        {orders.items.length ? (
          <ul class="items">
            {orders.items.map((o) => (
              <li class="item" data-order={o.orderNumber}>
                <div class="item-head"><a href={`/my/service-orders/${o.orderNumber}`}>{o.orderNumber}</a><span class={`order-status order-${o.status}`}>{orderStatusLabel(o.status)}</span></div>
                <div>{orderTypeLabel(o.type)}</div>
                <div class="muted">Requested {formatDateTime(o.createdAt, timeZone)}</div>
              </li>
            ))}
          </ul>
        ) : <p class="muted">You have not requested anything yet.</p>}
      </section>
    </>
  );
}

export function OrderPage({ order, csrfToken, timeZone, notice }: { order: OrderDetail; csrfToken: string | null; timeZone: string; notice?: string | null }) {
  return (
    <>
      <Notice message={notice} />
      <p><a href="/my/service-orders">← All requests</a></p>
      <h1>{orderTypeLabel(order.type)} <span class="muted">{order.orderNumber}</span></h1>
      <section class="card" data-order={order.orderNumber}>
        <p class={`order-status order-${order.status}`} data-status={order.status}><strong>{orderStatusLabel(order.status)}</strong></p>
        <p class="pre">{order.description}</p>
        {order.scheduledFor ? <p>Visit: {formatDateTime(order.scheduledFor, timeZone)}{order.windowMinutes ? ` (within ${order.windowMinutes} minutes)` : ''}</p> : null}
        {order.technician ? <p>Technician: {order.technician.name}</p> : null}
        {order.status === 'created' ? (
          <form {...posting(`/my/service-orders/${order.orderNumber}/cancel`)}>
            <CsrfField token={csrfToken} />
            <button type="submit" class="danger">Cancel this request</button>
          </form>
        ) : null}
      </section>
      <section class="card" aria-labelledby="history-heading">
        <h2 id="history-heading">Progress</h2>
        <ol class="history">
          {order.history.map((h) => <li>{formatDateTime(h.at, timeZone)}: <strong>{orderStatusLabel(h.to)}</strong></li>)}
        </ol>
      </section>
    </>
  );
}
