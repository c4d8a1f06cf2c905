/**
 * The portal's signed-out JSON API (docs/api.md#consumer-portal): asking for portal access and
 * confirming it with the e-mailed link. Both are open to callers without credentials.
 */
import { createRoute } from '@hono/zod-openapi';
import { apiRouter, body, ErrorBody, errorResponses, json } from '../common/openapi.js';
import { ConfirmationBody, ConfirmationResult, REGISTRATION_ANSWER, RegistrationAccepted, RegistrationBody } from './portal-identity.schemas.js';
import { submitConfirmation, submitRegistration } from './registration-requests.js';

const register = createRoute({
  method: 'post', path: '/portal/register', tags: ['portal'], security: [],
  summary: 'Ask for self-service portal access: a confirmation link is e-mailed when the details match an account',
  description: 'Always 202 with the same message, whether or not the details match an account, and also when the e-mail or the account has made more than 5 requests in the hour (then nothing is sent).',
  request: body(RegistrationBody),
  responses: { 202: json(RegistrationAccepted, 'Accepted; the answer never says whether the account exists'), 400: errorResponses[400], 422: errorResponses[422] },
});

const confirm = createRoute({
  method: 'post', path: '/portal/confirm', tags: ['portal'], security: [],
  summary: "Confirm a registration with the e-mailed link's token: creates the consumer's sign-in",
  request: body(ConfirmationBody),
  responses: {
    200: json(ConfirmationResult, 'Confirmed; the consumer can sign in'),
    404: json(ErrorBody, 'The link has expired, was already used, or never existed'),
    409: json(ErrorBody, 'The e-mail or the account has a sign-in already'),
    400: errorResponses[400], 422: errorResponses[422],
  },
});

export const portalIdentityApiRoutes = apiRouter()
  .openapi(register, async (c) => {
    await submitRegistration(c, c.req.valid('json'));
    return c.json({ message: REGISTRATION_ANSWER }, 202);
  })
  .openapi(confirm, async (c) => {
    const confirmed = await submitConfirmation(c, c.req.valid('json').token);
    return c.json({ email: confirmed.email, accountNumber: confirmed.accountNumber, signIn: '/login?next=/my' }, 200);
  });
