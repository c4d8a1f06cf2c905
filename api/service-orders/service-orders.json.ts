/** The service-order rows of docs/api.md: create, list, read, the five moves and the rating. */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createServiceOrder, rateServiceOrder } from '../../domain/service-orders/service-orders.js';
import { getServiceOrder, listServiceOrders } from '../../domain/service-orders/service-order-queries.js';
import { assignOrder, cancelOrder, completeOrder, scheduleOrder, startOrder } from '../../domain/service-orders/service-order-desk.js';
import type { AppEnv } from '../app-env.js';
import { actorOf, deskOf } from '../common/actor.js';
import { dayOf } from '../common/date-field.js';
import { relaySoon } from '../common/outbox-delivery.js';
import { requireRole } from '../middleware/require-role.js';
import { apiRouter, body, ErrorBody, errorResponses, json } from '../common/openapi.js';
import {
  AssignBody, BoardQuery, CancelBody, CompleteBody, CreateOrderBody, CreatedOrder, OrderBody, OrderPage, OrderParams,
  RatingBody, ScheduleBody, StartBody, orderJson, orderSummaryJson,
} from './service-orders.schemas.js';

const orderErrors = {
  ...errorResponses,
  404: json(ErrorBody, 'Unknown order or account'),
  409: json(ErrorBody, 'Illegal transition (details.currentStatus) or the workflow is not running yet'),
  503: json(ErrorBody, 'Temporal is unreachable; try again'),
};

function moveRoute<T extends z.ZodTypeAny>(action: string, schema: T, summary: string) {
  return createRoute({
    method: 'post', path: `/service-orders/{orderNumber}/${action}`, tags: ['service orders'], summary,
    middleware: [requireRole('dispatcher')] as const,
    request: { params: OrderParams, ...body(schema) },
    responses: { 200: json(OrderBody, 'The order as it now is'), ...orderErrors },
  });
}

const create = createRoute({
  method: 'post', path: '/service-orders', tags: ['service orders'], summary: 'Create an order; its workflow starts now or, if Temporal is down, as soon as it is back',
  request: body(CreateOrderBody),
  responses: { 201: json(CreatedOrder, 'Created'), ...orderErrors },
});
const board = createRoute({
  method: 'get', path: '/service-orders', tags: ['service orders'], summary: 'The dispatcher board: orders by filters, most urgent first',
  middleware: [requireRole('dispatcher')] as const, request: { query: BoardQuery },
  responses: { 200: json(OrderPage, 'A page of orders'), ...errorResponses },
});
const one = createRoute({
  method: 'get', path: '/service-orders/{orderNumber}', tags: ['service orders'], summary: 'An order with its history',
  request: { params: OrderParams }, responses: { 200: json(OrderBody, 'The order'), ...orderErrors },
});
const rate = createRoute({
  method: 'post', path: '/service-orders/{orderNumber}/rating', tags: ['service orders'], summary: "Record the consumer's 1–5 satisfaction rating, once",
  request: { params: OrderParams, ...body(RatingBody) },
  responses: { 200: json(OrderBody, 'The rated order'), ...orderErrors },
});

/** After a move (or the rating) the API answers the order as it now is, with its history: one read. */
async function orderNow(c: Context<AppEnv>, orderNumber: string) {
  return orderJson(await getServiceOrder(c.get('em'), orderNumber));
}

export const serviceOrdersApiRoutes = apiRouter()
  .openapi(create, async (c) => {
    const input = c.req.valid('json');
    const created = await createServiceOrder(c.get('em'), input, actorOf(c));
    const started = await relaySoon(c, created.outboxId);
    return c.json({ orderNumber: created.orderNumber, status: 'created' as const, workflowId: created.workflowId,
      workflowState: started ? 'running' as const : 'waiting_to_start' as const }, 201);
  })
  .openapi(board, async (c) => {
    const q = c.req.valid('query');
    const page = await listServiceOrders(c.get('em'), { status: q.status, type: q.type, priority: q.priority, technicianId: q.technician, overdue: q.overdue },
      { page: q.page, pageSize: q.pageSize });
    return c.json({ ...page, items: page.items.map(orderSummaryJson) }, 200);
  })
  .openapi(one, async (c) => c.json(orderJson(await getServiceOrder(c.get('em'), c.req.valid('param').orderNumber)), 200))
  .openapi(moveRoute('assign', AssignBody, 'Assign (or reassign) a qualified technician'), async (c) => {
    const { orderNumber } = c.req.valid('param');
    const { technicianId, note } = c.req.valid('json');
    await assignOrder(deskOf(c), orderNumber, technicianId, note);
    return c.json(await orderNow(c, orderNumber), 200);
  })
  .openapi(moveRoute('schedule', ScheduleBody, 'Schedule (or reschedule) the visit'), async (c) => {
    const { orderNumber } = c.req.valid('param');
    const { scheduledFor, windowMinutes, note } = c.req.valid('json');
    await scheduleOrder(deskOf(c), orderNumber, new Date(scheduledFor), windowMinutes, note);
    return c.json(await orderNow(c, orderNumber), 200);
  })
  .openapi(moveRoute('start', StartBody, 'Start the work'), async (c) => {
    const { orderNumber } = c.req.valid('param');
    await startOrder(deskOf(c), orderNumber, c.req.valid('json').note);
    return c.json(await orderNow(c, orderNumber), 200);
  })
  .openapi(moveRoute('complete', CompleteBody, 'Complete the work; its effect on the account is applied once'), async (c) => {
    const { orderNumber } = c.req.valid('param');
    const { reading, newMeterNumber, newMeterInitialReading, oldMeterFinalReading, exchangedOn, ...report } = c.req.valid('json');
    const named = [newMeterNumber, newMeterInitialReading, oldMeterFinalReading, exchangedOn].some((v) => v !== undefined);
    await completeOrder(deskOf(c), orderNumber, {
      ...report, reading: reading && { value: reading.value, readAt: dayOf(c, reading.readAt) },
      ...(named && { exchange: {
        newMeterNumber: newMeterNumber ?? '', newMeterInitialReading: newMeterInitialReading ?? Number.NaN, oldMeterFinalReading,
        exchangedOn: exchangedOn && dayOf(c, exchangedOn),
      } }),
    });
    return c.json(await orderNow(c, orderNumber), 200);
  })
  .openapi(moveRoute('cancel', CancelBody, 'Cancel with a reason'), async (c) => {
    const { orderNumber } = c.req.valid('param');
    await cancelOrder(deskOf(c), orderNumber, c.req.valid('json').reason);
    return c.json(await orderNow(c, orderNumber), 200);
  })
  .openapi(rate, async (c) => {
    const { orderNumber } = c.req.valid('param');
    await rateServiceOrder(c.get('em'), orderNumber, c.req.valid('json').rating, actorOf(c));
    return c.json(await orderNow(c, orderNumber), 200);
  });
