/** Creating accounts and editing their contact data through the JSON API (docs/api.md). */
import { createRoute } from '@hono/zod-openapi';
import { createAccount, updateContact } from '../../domain/accounts/account-writes.js';
import { loadAccountProfile } from '../../domain/accounts/account-profile.js';
import { actorOf } from '../common/actor.js';
import { dayOf } from '../common/date-field.js';
import { apiRouter, body, ErrorBody, errorResponses, json } from '../common/openapi.js';
import { ContactChangesBody, NewAccountBody } from './account-writes.schemas.js';
import { accountJson } from '../profile/profile-mappers.js';
import { AccountBody, AccountParams, notFoundResponse } from '../profile/profile.schemas.js';

const create = createRoute({
  method: 'post', path: '/accounts', tags: ['accounts'], summary: 'Open an account: status pending, the next free account number',
  request: body(NewAccountBody),
  responses: { 201: json(AccountBody, 'The new account'), ...errorResponses },
});

const update = createRoute({
  method: 'patch', path: '/accounts/{accountNumber}', tags: ['accounts'],
  summary: 'Edit contact data; send the version you read. A stale version is a 409 with the current values in details.current',
  request: { params: AccountParams, ...body(ContactChangesBody) },
  responses: {
    200: json(AccountBody, 'The account as it now is'), ...errorResponses, 404: notFoundResponse,
    409: json(ErrorBody, 'Stale version: details.currentVersion and details.current hold what is stored now'),
  },
});

export const accountWritesApiRoutes = apiRouter()
  .openapi(create, async (c) => {
    const { customerSince, ...input } = c.req.valid('json');
    const timeZone = c.get('deps').config.UTILITY_TIME_ZONE;
    const accountNumber = await createAccount(c.get('em'), { ...input, customerSince: customerSince && dayOf(c, customerSince) }, actorOf(c), timeZone);
    return c.json(accountJson(await loadAccountProfile(c.get('em'), accountNumber, timeZone)), 201);
  })
  .openapi(update, async (c) => {
    const { accountNumber } = c.req.valid('param');
    await updateContact(c.get('em'), accountNumber, c.req.valid('json'), actorOf(c));
    return c.json(accountJson(await loadAccountProfile(c.get('em'), accountNumber, c.get('deps').config.UTILITY_TIME_ZONE)), 200);
  });
