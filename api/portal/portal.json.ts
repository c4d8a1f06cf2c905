/**
 * The consumer's own JSON API (docs/api.md, `/me`): their account, lists of their own records in
 * the staff lists' shapes, and the portal's writes. Every route runs behind `requireConsumer`, and
 * reads the account from it, never from the request: an id of another account's record is a 404.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { EntityManager } from '@mikro-orm/postgresql';
import { utilityIsoDay } from '../../domain/common/calendar.js';
import type { Page, PageRequest } from '../../domain/common/paging.js';
import { listBills, listPayments } from '../../domain/billing/profile-finance.js';
import { listAccountReadings } from '../../domain/readings/profile-connections.js';
import { listServiceOrders } from '../../domain/service-orders/profile-service.js';
import { consumerAccount, listNotificationsSent } from '../../domain/portal/portal-account.js';
import { cancelOwnOrder, ownServiceOrder, requestServiceOrder } from '../../domain/portal/portal-orders.js';
import { listProblems, problemPhoto, reportProblem } from '../../domain/portal/portal-problems.js';
import { ownReading, submitReading } from '../../domain/portal/portal-readings.js';
import { updatePreferences } from '../../domain/portal/portal-preferences.js';
import type { AppEnv } from '../app-env.js';
import { actorOf, deskOf } from '../common/actor.js';
import { dayOf } from '../common/date-field.js';
import { relaySoon } from '../common/outbox-delivery.js';
import { apiRouter, body, ErrorBody, errorResponses, json } from '../common/openapi.js';
import { RecordIdParams } from '../common/record-params.js';
import { consumerOf, requireConsumer } from '../middleware/require-consumer.js';
import { jsonOf } from '../profile/profile-mappers.js';
import {
  BillItem, CommunicationItem, PageQuery, pageOfSchema, PaymentItem, ReadingItem, ServiceOrderItem,
} from '../profile/profile.schemas.js';
import { CreatedOrder, OrderParams } from '../service-orders/service-orders.schemas.js';
import {
  ConsumerReadingBody, MeBody, meJson, OrderRequestBody, orderItemJson, PreferencesBody, PreferencesChangeBody, preferencesJson,
  ProblemReportBody, ReportedProblemBody,
} from './portal.schemas.js';
import { photoOf, photoResponse } from './portal-photo.js';

const consumerOnly = [requireConsumer];
const notYours = json(ErrorBody, 'No such record on your account');
const errors = { ...errorResponses, 404: notYours };
const today = (c: Context<AppEnv>) => utilityIsoDay(new Date(), c.get('deps').config.UTILITY_TIME_ZONE);

type Lister = (em: EntityManager, accountId: number, request: PageRequest) => Promise<Page<object>>;

const LISTS: Array<{ path: string; item: z.ZodTypeAny; name: string; summary: string; list: Lister }> = [
  { path: 'bills', item: BillItem, name: 'MyBillPage', summary: 'My bills, newest first, with what the allocations paid', list: listBills },
  { path: 'payments', item: PaymentItem, name: 'MyPaymentPage', summary: 'My payments, newest first, with the bills each paid', list: listPayments },
  { path: 'readings', item: ReadingItem, name: 'MyReadingPage', summary: 'My meter readings, newest first', list: listAccountReadings },
  {
    path: 'service-orders', item: ServiceOrderItem, name: 'MyServiceOrderPage', summary: 'My service orders with their history, newest first',
    list: async (em, id, request) => {
      const page = await listServiceOrders(em, id, request);
      return { ...page, items: page.items.map(({ id: _rowId, ...order }) => order) };
    },
  },
  { path: 'notifications', item: CommunicationItem, name: 'MyNotificationPage', summary: 'Every notification sent to me, newest first', list: listNotificationsSent },
  { path: 'problems', item: ReportedProblemBody, name: 'MyProblemPage', summary: 'The problems reported on my account, newest first', list: listProblems },
];

const me = createRoute({
  method: 'get', path: '/me', tags: ['portal'], summary: 'My account: balance, what is due when, notification preferences',
  middleware: consumerOnly, responses: { 200: json(MeBody, 'My account'), ...errorResponses },
});
const oneReading = createRoute({
  method: 'get', path: '/me/readings/{id}', tags: ['portal'], summary: 'One of my readings',
  middleware: consumerOnly, request: { params: RecordIdParams }, responses: { 200: json(ReadingItem, 'The reading'), ...errors },
});
const submit = createRoute({
  method: 'post', path: '/me/readings', tags: ['portal'],
  summary: 'Submit a meter reading: the usual checks run; a flagged one waits for an agent',
  middleware: consumerOnly, request: body(ConsumerReadingBody),
  responses: { 201: json(ReadingItem, 'The reading with its flags and status'), ...errors },
});
const oneOrder = createRoute({
  method: 'get', path: '/me/service-orders/{orderNumber}', tags: ['portal'], summary: 'One of my service orders, with its history',
  middleware: consumerOnly, request: { params: OrderParams }, responses: { 200: json(ServiceOrderItem, 'The order'), ...errors },
});
const request = createRoute({
  method: 'post', path: '/me/service-orders', tags: ['portal'],
  summary: 'Request a service order (reconnection, meter_reading, repair, inspection); it joins the dispatcher board',
  middleware: consumerOnly, request: body(OrderRequestBody),
  responses: { 201: json(CreatedOrder, 'The order'), ...errors, 503: json(ErrorBody, 'Temporal is unreachable; try again') },
});
const cancel = createRoute({
  method: 'post', path: '/me/service-orders/{orderNumber}/cancel', tags: ['portal'], summary: 'Cancel my order while it is still created',
  middleware: consumerOnly, request: { params: OrderParams },
  responses: {
    200: json(ServiceOrderItem, 'The order as it now is'), ...errors,
    409: json(ErrorBody, 'Already past created (details.currentStatus), or its workflow has not started yet'),
    503: json(ErrorBody, 'Temporal is unreachable; try again'),
  },
});
const report = createRoute({
  method: 'post', path: '/me/problems', tags: ['portal'],
  summary: 'Report a problem (multipart: description, optional category and photo); it becomes a complaint, the photo a document',
  middleware: consumerOnly,
  request: { body: { required: true, content: { 'multipart/form-data': { schema: ProblemReportBody } } } },
  responses: {
    201: json(ReportedProblemBody, 'The complaint'), ...errors,
    413: json(ErrorBody, 'The photo is larger than PHOTO_MAX_BYTES (5 MiB by default)'),
  },
});
const photo = createRoute({
  method: 'get', path: '/me/problems/{id}/photo', tags: ['portal'], summary: 'The photo attached to one of my problem reports',
  middleware: consumerOnly, request: { params: RecordIdParams },
  responses: {
    200: { description: 'The photo', content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } }, 'image/png': { schema: { type: 'string', format: 'binary' } }, 'image/webp': { schema: { type: 'string', format: 'binary' } } } },
    ...errors,
  },
});
const preferences = createRoute({
  method: 'patch', path: '/me/preferences', tags: ['portal'], summary: 'Change my notification channel, opt-out or quiet hours (null: the default)',
  middleware: consumerOnly, request: body(PreferencesChangeBody), responses: { 200: json(PreferencesBody, 'My preferences as they now are'), ...errorResponses },
});

export const portalApiRoutes = apiRouter()
  .openapi(me, async (c) => {
    const { accountId, accountNumber } = consumerOf(c);
    return c.json(meJson(await consumerAccount(c.get('em'), accountId, accountNumber, c.get('deps').config.UTILITY_TIME_ZONE, today(c))), 200);
  })
  .openapi(oneReading, async (c) => c.json(jsonOf(await ownReading(c.get('em'), consumerOf(c).accountId, c.req.valid('param').id)), 200))
  .openapi(submit, async (c) => {
    const { readAt, value, meterNumber } = c.req.valid('json');
    const reading = await submitReading(c.get('em'), consumerOf(c).accountId, { readAt: dayOf(c, readAt), value, meterNumber }, actorOf(c),
      c.get('deps').config.UTILITY_TIME_ZONE);
    return c.json(jsonOf(reading), 201);
  })
  .openapi(oneOrder, async (c) =>
    c.json(orderItemJson(await ownServiceOrder(c.get('em'), consumerOf(c).accountId, c.req.valid('param').orderNumber)), 200))
  .openapi(request, async (c) => {
    const created = await requestServiceOrder(c.get('em'), consumerOf(c).accountNumber, c.req.valid('json'), actorOf(c), c.get('deps').config.UTILITY_TIME_ZONE);
    const started = await relaySoon(c, created.outboxId);
    return c.json({ orderNumber: created.orderNumber, status: 'created' as const, workflowId: created.workflowId,
      workflowState: started ? 'running' as const : 'waiting_to_start' as const }, 201);
  })
  .openapi(cancel, async (c) => {
    const { orderNumber } = c.req.valid('param');
    const { accountId } = consumerOf(c);
    await cancelOwnOrder(deskOf(c), accountId, orderNumber);
    return c.json(orderItemJson(await ownServiceOrder(c.get('em'), accountId, orderNumber)), 200);
  })
  .openapi(report, async (c) => {
    const { description, category, photo: file } = c.req.valid('form');
    const problem = await reportProblem(c.get('em'), consumerOf(c).accountNumber, { description, category, photo: await photoOf(file) },
      actorOf(c), c.get('deps').config.PHOTO_MAX_BYTES);
    return c.json(jsonOf(problem), 201);
  })
  .openapi(photo, async (c) => photoResponse(c, await problemPhoto(c.get('em'), consumerOf(c).accountId, c.req.valid('param').id)))
  .openapi(preferences, async (c) =>
    c.json(preferencesJson(await updatePreferences(c.get('em'), consumerOf(c).accountId, c.req.valid('json'), actorOf(c))), 200));

for (const { path, item, name, summary, list } of LISTS) {
  portalApiRoutes.openapi(createRoute({
    method: 'get', path: `/me/${path}`, tags: ['portal'], summary, middleware: consumerOnly,
    request: { query: PageQuery }, responses: { 200: json(pageOfSchema(item, name), summary), ...errorResponses },
  }), async (c) => c.json(jsonOf(await list(c.get('em'), consumerOf(c).accountId, c.req.valid('query'))), 200));
}
