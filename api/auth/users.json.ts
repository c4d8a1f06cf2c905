/** Admins over the JSON API: anyone's API tokens (list, revoke) and one-time password-reset links. */
import { createRoute, z } from '@hono/zod-openapi';
import { listApiTokens, revokeApiToken } from '../../domain/auth/api-tokens.js';
import { sendPasswordReset } from '../../domain/auth/password-reset.js';
import { actorOf } from '../common/actor.js';
import { relayJobSoon } from '../common/job-queues.js';
import { apiRouter, ErrorBody, errorResponses, json } from '../common/openapi.js';
import { requireRole } from '../middleware/require-role.js';
import { ApiTokenList, UserParams, UserTokenParams } from './account.schemas.js';
import { tokenJson } from './api-token-json.js';

const ResetSent = z.object({ expiresAt: z.string().datetime() }).openapi('PasswordResetSent');

const listTokens = createRoute({
  method: 'get', path: '/users/{userId}/tokens', tags: ['users'], summary: "A user's live API tokens, newest first",
  middleware: [requireRole('admin')] as const, request: { params: UserParams },
  responses: { 200: json(ApiTokenList, 'Their live tokens'), ...errorResponses },
});
const revokeToken = createRoute({
  method: 'delete', path: '/users/{userId}/tokens/{tokenId}', tags: ['users'], summary: "Revoke one of a user's API tokens",
  middleware: [requireRole('admin')] as const, request: { params: UserTokenParams },
  responses: { 204: { description: 'Revoked' }, 404: json(ErrorBody, 'No such live token of this user'), ...errorResponses },
});
const sendReset = createRoute({
  method: 'post', path: '/users/{userId}/password-reset', tags: ['users'],
  summary: 'E-mail the user a one-time link to set a new password (earlier links stop working)',
  middleware: [requireRole('admin')] as const, request: { params: UserParams },
  responses: {
    202: json(ResetSent, 'The link is on its way'), 404: json(ErrorBody, 'Unknown user'),
    409: json(ErrorBody, 'The user is deactivated'), ...errorResponses,
  },
});

export const userApiRoutes = apiRouter()
  .openapi(listTokens, async (c) => {
    const tokens = await listApiTokens(c.get('em'), c.req.valid('param').userId);
    return c.json({ items: tokens.map((token) => tokenJson(token, c.get('apiTokenId'))) }, 200);
  })
  .openapi(revokeToken, async (c) => {
    const { userId, tokenId } = c.req.valid('param');
    await revokeApiToken(c.get('em'), userId, tokenId, actorOf(c));
    return c.body(null, 204);
  })
  .openapi(sendReset, async (c) => {
    const { config } = c.get('deps');
    const sent = await sendPasswordReset(c.get('em'), c.req.valid('param').userId, actorOf(c), {
      secret: config.SESSION_SECRET, ttlMinutes: config.PASSWORD_RESET_TTL_MINUTES,
    });
    await relayJobSoon(c, sent.outboxId);
    return c.json({ expiresAt: sent.expiresAt.toISOString() }, 202);
  });
