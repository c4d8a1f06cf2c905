/** The dispatcher board and the order page (htmx): every move posts its form and gets the whole board back. */
import { Hono, type Context } from 'hono';
import { SERVICE_ORDER_PRIORITIES, SERVICE_ORDER_STATUSES, SERVICE_ORDER_TYPES, type ServiceOrderStatus } from '../../domain/common/enums.js';
import { parseLocalDateTime } from '../../domain/common/utility-time.js';
import { parseRowId } from '../../domain/common/row-id.js';
import { assignOrder, cancelOrder, completeOrder, scheduleOrder, startOrder } from '../../domain/service-orders/service-order-desk.js';
import { getServiceOrder, listServiceOrders, recentlyClosedOrders, type BoardFilters } from '../../domain/service-orders/service-order-queries.js';
import { createServiceOrder } from '../../domain/service-orders/service-orders.js';
import { listTechnicians } from '../../domain/service-orders/technicians.js';
import { slaReckoner } from '../../domain/service-orders/sla-standing.js';
import { Board, BoardPage, BOARD_COLUMNS, type BoardData } from '../../views/service-orders/board.view.js';
import { OrderPage } from '../../views/service-orders/order-page.view.js';
import { actorOf, deskOf } from '../common/actor.js';
import { dayOf } from '../common/date-field.js';
import type { AppEnv } from '../app-env.js';
import { formValues, parseForm, type FormValues } from '../common/forms.js';
import { wantsFragment } from '../common/htmx.js';
import { relaySoon } from '../common/outbox-delivery.js';
import { requireRole } from '../middleware/require-role.js';
import { shellUser } from '../common/shell.js';
import { AssignForm, CancelForm, CompleteForm, CreateOrderForm, StartForm, scheduleForm } from './service-orders.schemas.js';

/** Board filters from a query string or the filter form; unknown values are ignored, not errors. */
function filtersFrom(values: Record<string, string>): BoardFilters {
  const pick = <T extends string>(list: readonly T[], value: string | undefined) => (list as readonly string[]).includes(value ?? '') ? (value as T) : undefined;
  return {
    type: pick(SERVICE_ORDER_TYPES, values.type), priority: pick(SERVICE_ORDER_PRIORITIES, values.priority),
    technicianId: parseRowId(values.technician) ?? undefined,
    overdue: values.overdue === 'true' ? true : undefined,
  };
}

async function boardData(c: Context<AppEnv>, filters: BoardFilters): Promise<BoardData> {
  const em = c.get('em');
  const columns = {} as BoardData['columns'];
  const lists = await Promise.all(BOARD_COLUMNS.map((status) => listServiceOrders(em, { ...filters, status }, { page: 1, pageSize: 50 })));
  BOARD_COLUMNS.forEach((status, i) => { columns[status] = { orders: lists[i].items, total: lists[i].total }; });
  for (const status of SERVICE_ORDER_STATUSES.filter((s) => !BOARD_COLUMNS.includes(s))) columns[status as ServiceOrderStatus] = { orders: [], total: 0 };
  const [recentlyClosed, technicians] = await Promise.all([recentlyClosedOrders(em), listTechnicians(em)]);
  const timeZone = c.get('deps').config.UTILITY_TIME_ZONE;
  const now = new Date();
  return { columns, recentlyClosed, filters, technicians, timeZone, now, sla: await slaReckoner(em, timeZone, now) };
}

/** The board re-rendered under the filters the form carried along (hx-include). */
async function boardFragment(c: Context<AppEnv>, values: FormValues) {
  return c.html(<Board data={await boardData(c, filtersFrom(values))} />);
}

type Move = (c: Context<AppEnv>, orderNumber: string, values: FormValues) => Promise<unknown>;
/** Each move's form, checked by its JSON API schema, then the same desk call as the JSON route. */
const MOVES: Record<string, Move> = {
  assign: (c, n, values) => {
    const { technicianId, note } = parseForm(AssignForm, values);
    return assignOrder(deskOf(c), n, technicianId, note);
  },
  schedule: (c, n, values) => {
    const timeZone = c.get('deps').config.UTILITY_TIME_ZONE;
    const { scheduledFor, windowMinutes, note } = parseForm(scheduleForm((local) => parseLocalDateTime(local, timeZone)), values);
    return scheduleOrder(deskOf(c), n, new Date(scheduledFor), windowMinutes, note);
  },
  start: (c, n, values) => startOrder(deskOf(c), n, parseForm(StartForm, values).note),
  complete: (c, n, values) => {
    const { reading, ...report } = parseForm(CompleteForm, values);
    return completeOrder(deskOf(c), n, { ...report, reading: reading && { value: reading.value, readAt: dayOf(c, reading.readAt) } });
  },
  cancel: (c, n, values) => cancelOrder(deskOf(c), n, parseForm(CancelForm, values).reason),
};

/** The dispatcher board and the order page (htmx; every action re-renders the board). */
export const serviceOrderPageRoutes = new Hono<AppEnv>()
  .get('/service-orders', requireRole('dispatcher'), async (c) => {
    const data = await boardData(c, filtersFrom(c.req.query()));
    if (wantsFragment(c)) return c.html(<Board data={data} />);
    return c.html(<BoardPage data={data} user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} />);
  })
  .post('/service-orders', requireRole('dispatcher'), async (c) => {
    const values = await formValues(c);
    const created = await createServiceOrder(c.get('em'), parseForm(CreateOrderForm, values), actorOf(c), c.get('deps').config.UTILITY_TIME_ZONE);
    await relaySoon(c, created.outboxId);
    return boardFragment(c, values);
  })
  .post('/service-orders/:orderNumber/:action{assign|schedule|start|complete|cancel}', requireRole('dispatcher'), async (c) => {
    const values = await formValues(c);
    await MOVES[c.req.param('action')](c, c.req.param('orderNumber'), values);
    return boardFragment(c, values);
  })
  .get('/service-orders/:orderNumber{SO-[0-9]+}', requireRole('agent'), async (c) => {
    const order = await getServiceOrder(c.get('em'), c.req.param('orderNumber'));
    const { config } = c.get('deps');
    const temporalUiUrl = `${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(order.workflowId)}`;
    const sla = (await slaReckoner(c.get('em'), config.UTILITY_TIME_ZONE, new Date()))(order);
    return c.html(<OrderPage order={order} sla={sla} user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null}
      timeZone={config.UTILITY_TIME_ZONE} temporalUiUrl={temporalUiUrl} />);
  });
