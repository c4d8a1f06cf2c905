/** The bill command's shapes, shared by the JSON API (the billing system's import) and the Financial tab's form. */
import { z } from '@hono/zod-openapi';
import { MAX_AMOUNT_CENTS, parseCents } from '../../domain/common/money.js';
import { INT4_MAX, int4Count } from '../../domain/common/row-id.js';
import { text } from '../accounts/account-writes.schemas.js';
import { dateField } from '../common/date-field.js';

export const NewBillBody = z.object({
  periodStart: dateField(), periodEnd: dateField(), issuedAt: dateField(), dueDate: dateField(),
  amountCents: z.number().int().min(0).max(MAX_AMOUNT_CENTS),
  usage: int4Count(),
}).openapi('NewBill');

/** The same command as the browser posts it: every field a string, the amount in dollars (`billAmount`: the same tab's payment form has an `amount`). */
export const NewBillForm = NewBillBody.omit({ amountCents: true, usage: true }).extend({
  billAmount: text().transform((v, ctx) => {
    const cents = parseCents(v);
    if (cents === null || cents < 0 || cents > MAX_AMOUNT_CENTS) ctx.addIssue({ code: 'custom', message: 'an amount in dollars, e.g. 84.20' });
    return cents ?? 0;
  }),
  usage: text().regex(/^\d{1,10}$/, 'a whole number, 0 or more').transform(Number)
    .refine((n) => n <= INT4_MAX, `at most ${INT4_MAX}`),
});
