/** The payment commands' shapes, one zod schema each, shared by the JSON API and the Financial tab's forms. */
import { z } from '@hono/zod-openapi';
import { PAYMENT_METHODS, PAYMENT_STATUSES } from '../../domain/common/enums.js';
import { MAX_AMOUNT_CENTS, parseCents } from '../../domain/common/money.js';
import { rowId, rowIdParam } from '../../domain/common/row-id.js';
import { text } from '../accounts/account-writes.schemas.js';
import { dateField } from '../common/date-field.js';

export const NewPaymentBody = z.object({
  paidAt: dateField({ example: '2026-11-20T15:30:00Z' }),
  reference: text().trim().min(1, 'required').max(100).regex(/^[\w./#-]+$/, 'letters, digits and . / # - _ only').openapi({ example: 'PAY-2026-000123' }),
  amountCents: z.number().int().positive().max(MAX_AMOUNT_CENTS),
  method: z.enum(PAYMENT_METHODS),
  status: z.enum(PAYMENT_STATUSES),
  billId: rowId().optional(),
}).openapi('NewPayment');

/**
 * The same command as the browser posts it: every field a string, the amount in dollars
 * (`amount`) and the time as the utility's wall clock (datetime-local), which the form route turns into an instant.
 */
export const NewPaymentForm = NewPaymentBody.omit({ paidAt: true, amountCents: true, billId: true }).extend({
  amount: text().transform((v, ctx) => {
    const cents = parseCents(v);
    if (cents === null || cents <= 0 || cents > MAX_AMOUNT_CENTS) ctx.addIssue({ code: 'custom', message: 'an amount in dollars, e.g. 125.50' });
    return cents ?? 0;
  }),
  paidAt: dateField({ wallTime: true }),
  billId: rowIdParam().optional(),
});

/** Settling a pending payment, in the API and from the settle buttons alike. */
export const SettleBody = z.object({ status: z.enum(['processed', 'failed']) }).openapi('SettlePayment');
