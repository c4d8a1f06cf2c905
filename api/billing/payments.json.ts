/** Recording payments and settling pending ones through the JSON API (docs/api.md). */
import { createRoute } from '@hono/zod-openapi';
import { recordPayment, settlePayment } from '../../domain/billing/payments.js';
import { actorOf } from '../common/actor.js';
import { instantOf } from '../common/date-field.js';
import { apiRouter, body, ErrorBody, errorResponses, json } from '../common/openapi.js';
import { RecordIdParams } from '../common/record-params.js';
import { jsonOf } from '../profile/profile-mappers.js';
import { AccountParams, notFoundResponse, PaymentItem } from '../profile/profile.schemas.js';
import { NewPaymentBody, SettleBody } from './payments.schemas.js';

const record = createRoute({
  method: 'post', path: '/accounts/{accountNumber}/payments', tags: ['payments'],
  summary: 'Record a payment; a processed one lowers the balance at once, a failed one notifies the consumer. A repeated reference is a 409',
  request: { params: AccountParams, ...body(NewPaymentBody) },
  responses: {
    201: json(PaymentItem, 'The recorded payment'), ...errorResponses, 404: notFoundResponse,
    409: json(ErrorBody, 'A payment with this reference is already recorded'),
  },
});

const settle = createRoute({
  method: 'post', path: '/payments/{id}/status', tags: ['payments'],
  summary: 'Mark a pending payment processed or failed (the only moves a payment has)',
  request: { params: RecordIdParams, ...body(SettleBody) },
  responses: {
    200: json(PaymentItem, 'The payment as it now is'), ...errorResponses, 404: notFoundResponse,
    409: json(ErrorBody, 'The payment is not pending (details.currentStatus)'),
  },
});

export const paymentsApiRoutes = apiRouter()
  .openapi(record, async (c) => {
    const input = c.req.valid('json');
    const payment = await recordPayment(c.get('em'), c.req.valid('param').accountNumber, { ...input, paidAt: instantOf(c, input.paidAt, 'paidAt') }, actorOf(c), c.get('deps').config.UTILITY_TIME_ZONE);
    return c.json(jsonOf(payment), 201);
  })
  .openapi(settle, async (c) => {
    const payment = await settlePayment(c.get('em'), c.req.valid('param').id, c.req.valid('json').status, actorOf(c), { timeZone: c.get('deps').config.UTILITY_TIME_ZONE });
    return c.json(jsonOf(payment), 200);
  });
