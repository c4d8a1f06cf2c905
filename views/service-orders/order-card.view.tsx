/** One order on the board, with a form for each move its status allows. */
import type { OrderSummary } from '../../domain/service-orders/service-order-queries.js';
import type { TechnicianView } from '../../domain/service-orders/technicians.js';
import { allowedActions } from '../../domain/service-orders/service-order-transitions.js';
import { formatLocalDateTime, toLocalDateTimeInput } from '../../domain/common/utility-time.js';
import { PRIORITY_LABELS, TYPE_LABELS } from './labels.js';
import type { SlaReckoner } from '../../domain/service-orders/sla-standing.js';
import { SlaDeadlines } from './sla-deadlines.view.js';

export interface CardContext { technicians: TechnicianView[]; timeZone: string; now: Date; sla: SlaReckoner }

/** Every action posts to the board, which answers with the whole board re-rendered under the same filters. */
const post = (order: OrderSummary, action: string) => ({
  'hx-post': `/service-orders/${order.orderNumber}/${action}`, 'hx-target': '#board', 'hx-swap': 'outerHTML', 'hx-include': '#board-filters',
});

function AssignForm({ order, technicians }: { order: OrderSummary; technicians: TechnicianView[] }) {
  const qualified = technicians.filter((t) => t.skills.includes(order.type));
  if (!qualified.length) return <p class="muted small">No technician has the {TYPE_LABELS[order.type].toLowerCase()} skill.</p>;
  return (
    <form class="card-action" {...post(order, 'assign')}>
      <label class="sr-only" for={`tech-${order.orderNumber}`}>Technician</label>
      <select id={`tech-${order.orderNumber}`} name="technicianId" required>
        {qualified.map((t) => <option value={String(t.id)} selected={order.technician?.id === t.id}>{t.name}</option>)}
      </select>
      <button type="submit">{order.technician ? 'Reassign' : 'Assign'}</button>
    </form>
  );
}

function ScheduleForm({ order, timeZone, now }: { order: OrderSummary; timeZone: string; now: Date }) {
  const value = order.scheduledFor ? toLocalDateTimeInput(order.scheduledFor, timeZone) : '';
  return (
    <form class="card-action" {...post(order, 'schedule')}>
      <label class="sr-only" for={`when-${order.orderNumber}`}>Visit</label>
      <input id={`when-${order.orderNumber}`} type="datetime-local" name="scheduledFor" required value={value} min={toLocalDateTimeInput(now, timeZone)} />
      <select name="windowMinutes" aria-label="Time window">
        {[60, 120, 240].map((m) => <option value={String(m)} selected={(order.windowMinutes ?? 120) === m}>{m / 60} h window</option>)}
      </select>
      <button type="submit">{order.scheduledFor ? 'Reschedule' : 'Schedule'}</button>
    </form>
  );
}

function CompleteForm({ order }: { order: OrderSummary }) {
  return (
    <form class="card-action" {...post(order, 'complete')}>
      {order.type === 'meter_reading' ? (
        <>
          <input type="number" name="readingValue" min="0" required placeholder="Reading (gallons)" aria-label="Reading value" />
          <input type="date" name="readAt" required aria-label="Read on" />
        </>
      ) : null}
      <input type="text" name="note" placeholder="Completion note" aria-label="Completion note" maxlength={4000} />
      <button type="submit" class="primary">Complete</button>
    </form>
  );
}

function CancelForm({ order }: { order: OrderSummary }) {
  return (
    <form class="card-action" {...post(order, 'cancel')}>
      <input type="text" name="reason" required placeholder="Reason for cancelling" aria-label="Reason for cancelling" maxlength={2000} />
      <button type="submit" class="danger">Cancel order</button>
    </form>
  );
}

/** One order on the board, with the actions its status allows. */
export function OrderCard({ order, context }: { order: OrderSummary; context: CardContext }) {
  const actions = order.workflowState === 'waiting_to_start' ? [] : allowedActions(order.status);
  return (
    <article class={`order-card priority-${order.priority}${order.overdue ? ' overdue' : ''}`} id={`order-${order.orderNumber}`} data-order={order.orderNumber}>
      <header>
        <a href={`/service-orders/${order.orderNumber}`}><strong>{order.orderNumber}</strong></a>
        <span class={`priority priority-${order.priority}`}>{PRIORITY_LABELS[order.priority]}</span>
        {order.overdue ? <span class="badge badge-overdue">Past SLA</span> : null}
      </header>
      <p class="order-type">{TYPE_LABELS[order.type]} · <a href={`/accounts/${order.accountNumber}`}>{order.accountNumber}</a> {order.accountName}</p>
      <p class="order-description">{order.description}</p>
      {order.attention ? <p class="order-attention" role="alert">{order.attention}</p> : null}
      <dl class="order-facts">
        {order.technician ? <><dt>Technician</dt><dd>{order.technician.name}</dd></> : null}
        {order.scheduledFor ? <><dt>Visit</dt><dd>{formatLocalDateTime(order.scheduledFor, context.timeZone)} ({order.windowMinutes ?? 120} min)</dd></> : null}
        <SlaDeadlines standing={context.sla(order)} timeZone={context.timeZone} />
        {order.workflowState === 'waiting_to_start' ? <><dt>Workflow</dt><dd>Waiting to start</dd></> : null}
      </dl>
      {actions.includes('assign') ? <AssignForm order={order} technicians={context.technicians} /> : null}
      {actions.includes('schedule') ? <ScheduleForm order={order} timeZone={context.timeZone} now={context.now} /> : null}
      {actions.includes('start') ? (
        <form class="card-action" {...post(order, 'start')}><button type="submit">Start work</button></form>
      ) : null}
      {actions.includes('complete') ? <CompleteForm order={order} /> : null}
      {actions.includes('cancel') ? <CancelForm order={order} /> : null}
    </article>
  );
}
