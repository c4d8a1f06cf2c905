/** The portal registration and confirmation shapes, shared by the JSON API and the /my/register form. */
import { z } from '@hono/zod-openapi';
import { parseCents } from '../../domain/common/money.js';
import { emailField, personName, text } from '../accounts/account-writes.schemas.js';
import { NewPassword } from '../auth/account.schemas.js';
import { MAX_AMOUNT_CENTS } from '../../domain/common/money.js';

/** `WU-10001` as printed on the bill; `wu 10001` and `10001` are read the same. */
const accountNumberField = text().trim().max(20)
  .regex(/^(?:WU-?\s?)?\d{5,}$/i, 'an account number as on your bill: WU- and at least 5 digits, e.g. WU-10001')
  .openapi({ example: 'WU-10001' });

export const RegistrationBody = z.object({
  accountNumber: accountNumberField,
  lastName: personName.openapi({ example: 'Doe' }),
  latestBillAmountCents: z.number().int('whole cents').min(0, 'zero or more cents').max(MAX_AMOUNT_CENTS)
    .openapi({ description: "The amount of the account's latest bill, in cents", example: 4250 }),
  email: emailField.openapi({ example: 'john.doe@example.com' }),
  password: NewPassword,
}).openapi('PortalRegistration');

export const RegistrationAccepted = z.object({ message: z.string() }).openapi('PortalRegistrationAccepted');

/** The form as the browser posts it: the amount in dollars as printed (`42.50`), the rest as in the API. */
export const RegistrationForm = RegistrationBody.omit({ latestBillAmountCents: true }).extend({
  latestBillAmount: text().transform((v, ctx) => {
    const cents = parseCents(v);
    if (cents === null || cents < 0 || cents > MAX_AMOUNT_CENTS) ctx.addIssue({ code: 'custom', message: 'the amount of your latest bill, e.g. 42.50' });
    return cents ?? 0;
  }),
});

/** A link's token is base64url; anything else cannot be one. */
export const confirmationToken = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'the token from the confirmation link');

export const ConfirmationBody = z.object({ token: confirmationToken }).openapi('PortalConfirmation');
export const ConfirmationResult = z.object({ email: z.string(), accountNumber: z.string(), signIn: z.string() }).openapi('PortalConfirmed');

/** The one answer to every registration request: it never says whether the details named an account. */
export const REGISTRATION_ANSWER = 'If these details match an account, a confirmation link is on its way to that e-mail address. It works for 24 hours.';
