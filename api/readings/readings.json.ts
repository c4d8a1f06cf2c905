/** Entering, verifying and rejecting readings, and ordering an inspection from a flagged one (docs/api.md, docs/rules.md#meters-and-readings). */
import { createRoute, z } from '@hono/zod-openapi';
import { WORKFLOW_STATES } from '../../domain/common/enums.js';
import { decideReading, enterReading, orderInspection, type AccountReading } from '../../domain/readings/reading-verification.js';
import { actorOf } from '../common/actor.js';
import { dayOf } from '../common/date-field.js';
import { relaySoon } from '../common/outbox-delivery.js';
import { apiRouter, body, ErrorBody, errorResponses, json } from '../common/openapi.js';
import { RecordIdParams } from '../common/record-params.js';
import { jsonOf } from '../profile/profile-mappers.js';
import { MeterParams, notFoundResponse, ReadingItem } from '../profile/profile.schemas.js';
import { InspectionBody, MeterExchangeBody, MeterExchangeResult, NewReadingBody } from './readings.schemas.js';
import { AccountParams } from '../profile/profile.schemas.js';
import { findAccount } from '../../domain/accounts/account-record.js';
import { exchangeMeter } from '../../domain/readings/meter-exchange.js';

const AccountReadingBody = ReadingItem.extend({ accountNumber: z.string() }).openapi('AccountReading');
const CreatedInspection = z.object({
  orderNumber: z.string(), status: z.literal('created'), type: z.literal('inspection'), workflowId: z.string(),
  workflowState: z.enum(WORKFLOW_STATES), sourceReadingId: z.number().int(),
}).openapi('CreatedInspection');

const readingJson = ({ meterReplaced: _m, ...r }: AccountReading) => jsonOf(r);
const notPending = json(ErrorBody, 'The reading is not pending (details.currentStatus)');

const enter = createRoute({
  method: 'post', path: '/meters/{meterNumber}/readings', tags: ['meters'],
  summary: 'Enter a reading: consumption and the docs/rules.md#meters-and-readings checks run; a flagged reading stays pending and raises an alert',
  request: { params: MeterParams, ...body(NewReadingBody) },
  responses: { 201: json(AccountReadingBody, 'The reading with its flags'), ...errorResponses, 404: notFoundResponse },
});

function decisionRoute(action: 'verify' | 'reject', summary: string) {
  return createRoute({
    method: 'post', path: `/readings/{id}/${action}`, tags: ['meters'], summary,
    request: { params: RecordIdParams },
    responses: { 200: json(AccountReadingBody, 'The reading as it now is'), ...errorResponses, 404: notFoundResponse, 409: notPending },
  });
}

const inspect = createRoute({
  method: 'post', path: '/readings/{id}/inspection-order', tags: ['meters'],
  summary: 'Create an inspection service order prefilled from a flagged, pending reading',
  request: { params: RecordIdParams, body: { required: false, content: { 'application/json': { schema: InspectionBody } } } },
  responses: {
    201: json(CreatedInspection, 'The inspection order'), ...errorResponses, 404: notFoundResponse,
    409: json(ErrorBody, 'Not flagged, not pending, or an inspection is already open for it'),
  },
});

const exchange = createRoute({
  method: 'post', path: '/accounts/{accountNumber}/meter-exchanges', tags: ['meters'],
  summary: 'Exchange a meter: the old meter\'s final and the new meter\'s initial reading on the same day, the assignment moved (docs/rules.md#meter-exchange)',
  request: { params: AccountParams, ...body(MeterExchangeBody) },
  responses: { 201: json(MeterExchangeResult, 'The exchange with both readings'), ...errorResponses, 404: notFoundResponse },
});

export const readingsApiRoutes = apiRouter()
  .openapi(exchange, async (c) => {
    const { exchangedOn, ...values } = c.req.valid('json');
    const em = c.get('em');
    const account = await findAccount(em, c.req.valid('param').accountNumber);
    const result = await exchangeMeter(em, account, { ...values, exchangedOn: dayOf(c, exchangedOn) }, actorOf(c), c.get('deps').config.UTILITY_TIME_ZONE);
    return c.json(result, 201);
  })
  .openapi(enter, async (c) => {
    const { readAt, value } = c.req.valid('json');
    const reading = await enterReading(c.get('em'), c.req.valid('param').meterNumber, { readAt: dayOf(c, readAt), value }, actorOf(c),
      c.get('deps').config.UTILITY_TIME_ZONE);
    return c.json(readingJson(reading), 201);
  })
  .openapi(decisionRoute('verify', 'Verify a pending reading'), async (c) =>
    c.json(readingJson(await decideReading(c.get('em'), c.req.valid('param').id, 'verified', actorOf(c))), 200))
  .openapi(decisionRoute('reject', 'Reject a pending reading: it leaves consumption and averages'), async (c) =>
    c.json(readingJson(await decideReading(c.get('em'), c.req.valid('param').id, 'rejected', actorOf(c))), 200))
  .openapi(inspect, async (c) => {
    const id = c.req.valid('param').id;
    const priority = c.req.header('content-type')?.includes('application/json') ? c.req.valid('json')?.priority : undefined;
    const created = await orderInspection(c.get('em'), id, actorOf(c), { priority });
    const started = await relaySoon(c, created.outboxId);
    return c.json({
      orderNumber: created.orderNumber, status: 'created' as const, type: 'inspection' as const, workflowId: created.workflowId,
      workflowState: started ? 'running' as const : 'waiting_to_start' as const, sourceReadingId: id,
    }, 201);
  });
