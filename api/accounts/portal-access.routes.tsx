/**
 * Staff and an account's portal access (docs/rules.md#consumer-portal-identity): GET and revoke in the
 * JSON API, and the revoke button on the profile's Overview. Agents and up; every revoke is audited.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { findAccountRecord } from '../../domain/accounts/account-record.js';
import { portalAccessOf, revokePortalAccess } from '../../domain/portal/portal-access.js';
import { actorOf } from '../common/actor.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../middleware/require-role.js';
import { apiRouter, ErrorBody, errorResponses, json } from '../common/openapi.js';
import { AccountParams } from '../profile/profile.schemas.js';
import { renderSavedTab } from './account-writes-refresh.js';

const PortalAccessBody = z.object({
  accountNumber: z.string(),
  portalAccess: z.object({ email: z.string(), since: z.string().datetime() }).nullable(),
}).openapi('PortalAccess');

const getAccess = createRoute({
  method: 'get', path: '/accounts/{accountNumber}/portal-access', tags: ['accounts'],
  summary: "Whether the account's consumer signs in to the self-service portal, and as whom",
  request: { params: AccountParams },
  responses: { 200: json(PortalAccessBody, 'The portal access, or null'), 404: json(ErrorBody, 'Unknown account'), ...errorResponses },
});

const revokeAccess = createRoute({
  method: 'post', path: '/accounts/{accountNumber}/portal-access/revoke', tags: ['accounts'],
  summary: "Revoke the consumer's portal access: they are signed out everywhere and can no longer sign in",
  request: { params: AccountParams },
  responses: {
    200: json(PortalAccessBody, 'Revoked; the access as it now is'), 404: json(ErrorBody, 'Unknown account'),
    409: json(ErrorBody, 'The account has no portal access'), ...errorResponses,
  },
});

export const portalAccessApiRoutes = apiRouter()
  .openapi(getAccess, async (c) => {
    const record = await findAccountRecord(c.get('em'), c.req.valid('param').accountNumber);
    const access = await portalAccessOf(c.get('em'), record.id);
    return c.json({ accountNumber: record.accountNumber, portalAccess: access ? { email: access.email, since: access.since.toISOString() } : null }, 200);
  })
  .openapi(revokeAccess, async (c) => {
    const revoked = await revokePortalAccess(c.get('em'), c.req.valid('param').accountNumber, actorOf(c));
    return c.json({ accountNumber: revoked.accountNumber, portalAccess: null }, 200);
  });

/** The Overview's revoke button; the tab and header are rendered again, with a flash message. */
export const portalAccessPageRoutes = new Hono<AppEnv>().post('/accounts/:accountNumber/portal-access/revoke', requireRole('agent'), async (c) => {
  const revoked = await revokePortalAccess(c.get('em'), c.req.param('accountNumber'), actorOf(c));
  return renderSavedTab(c, revoked.accountNumber, 'overview', `Portal access for ${revoked.email} revoked; they are signed out.`);
});
