import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { SERVICE_ORDER_PRIORITIES, SERVICE_ORDER_STATUSES, SERVICE_ORDER_TYPES, type ServiceOrderStatus } from '../../domain/shared/enums.js';
import { Invalid } from '../../domain/shared/errors.js';
import { parseLocalDateTime } from '../../domain/shared/utility-time.js';
import { assignOrder, cancelOrder, completeOrder, scheduleOrder, startOrder } from '../../domain/service-orders/service-order-desk.js';
import { getServiceOrder, listServiceOrders, recentlyClosedOrders, type BoardFilters } from '../../domain/service-orders/service-order-queries.js';
import { createServiceOrder } from '../../domain/service-orders/service-orders.js';
import { listTechnicians } from '../../domain/service-orders/technicians.js';
import { Board, BoardPage, BOARD_COLUMNS, type BoardData } from '../../views/service-orders/board.view.js';
import { OrderPage } from '../../views/service-orders/order-page.view.js';
import { actorOf, deskOf, relaySoon } from '../shared/actor.js';
import type { AppEnv } from '../app-env.js';
import { wantsFragment } from '../shared/htmx.js';
import { requireRole } from '../middleware/require-role.js';
import { fieldErrors } from '../shared/openapi.js';
import { shellUser } from '../shared/shell.js';

type Form = Record<string, string | File | (string | File)[]>;
const text = (form: Form, key: string) => (typeof form[key] === 'string' ? (form[key] as string).trim() : '');

/** Board filters from a query string or the filter form; unknown values are ignored, not errors. */
function filtersFrom(values: Record<string, string>): BoardFilters {
  const pick = <T extends string>(list: readonly T[], value: string | undefined) => (list as readonly string[]).includes(value ?? '') ? (value as T) : undefined;
  const technician = Number(values.technician);
  return {
    type: pick(SERVICE_ORDER_TYPES, values.type), priority: pick(SERVICE_ORDER_PRIORITIES, values.priority),
    technicianId: Number.isSafeInteger(technician) && technician > 0 ? technician : undefined,
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
  return { columns, recentlyClosed, filters, technicians, timeZone: c.get('deps').config.UTILITY_TIME_ZONE, now: new Date() };
}

async function boardFragment(c: Context<AppEnv>, form: Form) {
  const filters = filtersFrom(Object.fromEntries(Object.entries(form).filter(([, v]) => typeof v === 'string')) as Record<string, string>);
  return c.html(<Board data={await boardData(c, filters)} />);
}

const NewOrderForm = z.object({
  accountNumber: z.string().trim().min(1, 'required'),
  type: z.enum(SERVICE_ORDER_TYPES),
  priority: z.enum(SERVICE_ORDER_PRIORITIES).default('normal'),
  description: z.string().trim().min(1, 'required').max(2000),
  targetAccountNumber: z.string().trim().optional().transform((v) => v || undefined),
  permanent: z.literal('true').optional().transform((v) => v === 'true'),
});

function parseForm<T extends z.ZodTypeAny>(schema: T, form: Form): z.infer<T> {
  const result = schema.safeParse(form);
  if (!result.success) throw new Invalid('Please correct the highlighted fields.', fieldErrors(result.error.issues));
  return result.data;
}

function whole(value: string, field: string): number {
  const n = Number(value);
  if (!value || !Number.isSafeInteger(n) || n < 0) throw new Invalid(`${field} must be a whole number.`, { [field]: 'a whole number' });
  return n;
}

type Move = (c: Context<AppEnv>, orderNumber: string, form: Form) => Promise<unknown>;
const MOVES: Record<string, Move> = {
  assign: (c, n, form) => assignOrder(deskOf(c), n, whole(text(form, 'technicianId'), 'technicianId')),
  schedule: (c, n, form) => {
    const when = parseLocalDateTime(text(form, 'scheduledFor'), c.get('deps').config.UTILITY_TIME_ZONE);
    if (!when) throw new Invalid('Pick a date and time for the visit.', { scheduledFor: 'a date and time' });
    return scheduleOrder(deskOf(c), n, when, whole(text(form, 'windowMinutes') || '120', 'windowMinutes'));
  },
  start: (c, n) => startOrder(deskOf(c), n),
  complete: (c, n, form) => completeOrder(deskOf(c), n, {
    note: text(form, 'note') || undefined,
    reading: text(form, 'readingValue') ? { value: whole(text(form, 'readingValue'), 'readingValue'), readAt: text(form, 'readAt') } : undefined,
  }),
  cancel: (c, n, form) => cancelOrder(deskOf(c), n, text(form, 'reason')),
};

/** The dispatcher board and the order page (htmx; every action re-renders the board). */
export const serviceOrderPageRoutes = new Hono<AppEnv>()
  .get('/service-orders', requireRole('dispatcher'), async (c) => {
    const data = await boardData(c, filtersFrom(c.req.query()));
    if (wantsFragment(c)) return c.html(<Board data={data} />);
    return c.html(<BoardPage data={data} user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} />);
  })
  .post('/service-orders', requireRole('dispatcher'), async (c) => {
    const form = await c.req.parseBody();
    const created = await createServiceOrder(c.get('em'), parseForm(NewOrderForm, form), actorOf(c));
    await relaySoon(c, created.outboxId);
    return boardFragment(c, form);
  })
  .post('/service-orders/:orderNumber/:action{assign|schedule|start|complete|cancel}', requireRole('dispatcher'), async (c) => {
    const form = await c.req.parseBody();
    await MOVES[c.req.param('action')](c, c.req.param('orderNumber'), form);
    return boardFragment(c, form);
  })
  .get('/service-orders/:orderNumber{SO-[0-9]+}', requireRole('agent'), async (c) => {
    const order = await getServiceOrder(c.get('em'), c.req.param('orderNumber'));
    const { config } = c.get('deps');
    const temporalUiUrl = `${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(order.workflowId)}`;
    return c.html(<OrderPage order={order} user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null}
      timeZone={config.UTILITY_TIME_ZONE} temporalUiUrl={temporalUiUrl} />);
  });
