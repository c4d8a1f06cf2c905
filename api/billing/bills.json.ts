/** The billing system's import of one bill (docs/api.md; admin). The same bill sent again answers 200, not a second bill. */
import { createRoute } from '@hono/zod-openapi';
import { importBill } from '../../domain/billing/bills.js';
import { actorOf } from '../common/actor.js';
import { dayOf } from '../common/date-field.js';
import { requireRole } from '../middleware/require-role.js';
import { apiRouter, body, ErrorBody, errorResponses, json } from '../common/openapi.js';
import { NewBillBody } from './bills.schemas.js';
import { jsonOf } from '../profile/profile-mappers.js';
import { AccountParams, BillItem, notFoundResponse } from '../profile/profile.schemas.js';

const create = createRoute({
  method: 'post', path: '/accounts/{accountNumber}/bills', tags: ['bills'],
  summary: 'Import a bill (admin). Idempotent per account and period: the same bill again is a 200; a different one for that period a 409',
  middleware: [requireRole('admin')] as const,
  request: { params: AccountParams, ...body(NewBillBody) },
  responses: {
    201: json(BillItem, 'The imported bill'), 200: json(BillItem, 'This bill was already imported'),
    ...errorResponses, 404: notFoundResponse, 409: json(ErrorBody, 'A different bill for this period exists (details.billId)'),
  },
});

export const billsApiRoutes = apiRouter().openapi(create, async (c) => {
  const { periodStart, periodEnd, issuedAt, dueDate, ...rest } = c.req.valid('json');
  const days = { periodStart: dayOf(c, periodStart), periodEnd: dayOf(c, periodEnd), issuedAt: dayOf(c, issuedAt), dueDate: dayOf(c, dueDate) };
  const { bill, created } = await importBill(c.get('em'), c.req.valid('param').accountNumber, { ...rest, ...days }, actorOf(c),
    c.get('deps').config.UTILITY_TIME_ZONE);
  return created ? c.json(jsonOf(bill), 201) : c.json(jsonOf(bill), 200);
});
