/**
 * The consumer profile's read side as JSON (docs/api.md): the header and overview, the
 * health score, the billing overview. Metrics are computed live from the account's
 * facts, so they are exact now rather than as of the last nightly run.
 */
import { createRoute } from '@hono/zod-openapi';
import { loadAccountProfile } from '../../domain/accounts/account-profile.js';
import { apiRouter, errorResponses, json } from '../common/openapi.js';
import { accountJson, billingOverviewJson, healthJson } from './profile-mappers.js';
import { AccountBody, AccountParams, BillingOverviewBody, HealthBody, notFoundResponse } from './profile.schemas.js';
import { profileListApiRoutes } from './profile-lists.json.js';

const getAccount = createRoute({
  method: 'get', path: '/accounts/{accountNumber}', tags: ['accounts'],
  summary: 'The profile header and overview of an account, with live health score, VIP and balance',
  request: { params: AccountParams },
  responses: { 200: json(AccountBody, 'The account'), ...errorResponses, 404: notFoundResponse },
});

const getHealth = createRoute({
  method: 'get', path: '/accounts/{accountNumber}/health', tags: ['accounts'],
  summary: 'The relationship health score with every component and penalty (docs/rules.md#health-score)',
  request: { params: AccountParams },
  responses: { 200: json(HealthBody, 'The health score'), ...errorResponses, 404: notFoundResponse },
});

const getBillingOverview = createRoute({
  method: 'get', path: '/accounts/{accountNumber}/billing-overview', tags: ['accounts'],
  summary: 'Rate plan, cycle, average usage, next-bill estimate, outstanding amount and payment compliance',
  request: { params: AccountParams },
  responses: { 200: json(BillingOverviewBody, 'The billing overview'), ...errorResponses, 404: notFoundResponse },
});

export const profileApiRoutes = apiRouter()
  .openapi(getAccount, async (c) => {
    const profile = await loadAccountProfile(c.get('em'), c.req.valid('param').accountNumber, c.get('deps').config.UTILITY_TIME_ZONE);
    return c.json(accountJson(profile), 200);
  })
  .openapi(getHealth, async (c) => {
    const profile = await loadAccountProfile(c.get('em'), c.req.valid('param').accountNumber, c.get('deps').config.UTILITY_TIME_ZONE);
    return c.json(healthJson(profile), 200);
  })
  .openapi(getBillingOverview, async (c) => {
    const profile = await loadAccountProfile(c.get('em'), c.req.valid('param').accountNumber, c.get('deps').config.UTILITY_TIME_ZONE);
    return c.json(billingOverviewJson(profile), 200);
  });

profileApiRoutes.route('/', profileListApiRoutes);
