/** Recording payments and settling pending ones through the JSON API (API.md). */
import { createRoute, z } from '@hono/zod-openapi';
import { PAYMENT_METHODS, PAYMENT_STATUSES } from '../../domain/shared/enums.js';
import { recordPayment, settlePayment } from '../../domain/billing/payments.js';
import { actorOf } from '../shared/actor.js';
import { text } from '../accounts/account-writes.schemas.js';
import { apiRouter, ErrorBody, errorResponses } from '../shared/openapi.js';
import { jsonOf } from '../profile/profile-mappers.js';
import { AccountParams, notFoundResponse, PaymentItem } from '../profile/profile.schemas.js';

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodTypeAny>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

/** Up to ten billion dollars in cents: beyond that it is a typo, and still a safe integer. */
export const MAX_AMOUNT_CENTS = 1_000_000_000_000;

export const NewPaymentBody = z.object({
  paidAt: z.string().datetime({ offset: true }).openapi({ example: '2026-11-20T15:30:00Z' }),
  reference: text().trim().min(1, 'required').max(100).regex(/^[\w./#-]+$/, 'letters, digits and . / # - _ only').openapi({ example: 'PAY-2026-000123' }),
  amountCents: z.number().int().positive().max(MAX_AMOUNT_CENTS),
  method: z.enum(PAYMENT_METHODS),
  status: z.enum(PAYMENT_STATUSES),
  billId: z.number().int().positive().optional(),
}).openapi('NewPayment');

const PaymentParams = z.object({
  id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 42 }),
});
const SettleBody = z.object({ status: z.enum(['processed', 'failed']) }).openapi('SettlePayment');

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
  request: { params: PaymentParams, ...body(SettleBody) },
  responses: {
    200: json(PaymentItem, 'The payment as it now is'), ...errorResponses, 404: notFoundResponse,
    409: json(ErrorBody, 'The payment is not pending (details.currentStatus)'),
  },
});

export const paymentsApiRoutes = apiRouter()
  .openapi(record, async (c) => {
    const input = c.req.valid('json');
    const payment = await recordPayment(c.get('em'), c.req.valid('param').accountNumber, { ...input, paidAt: new Date(input.paidAt) }, actorOf(c));
    return c.json(jsonOf(payment), 201);
  })
  .openapi(settle, async (c) => {
    const payment = await settlePayment(c.get('em'), c.req.valid('param').id, c.req.valid('json').status, actorOf(c));
    return c.json(jsonOf(payment), 200);
  });
