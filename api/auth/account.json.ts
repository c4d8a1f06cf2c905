/** One's own sign-in settings over the JSON API: change the password, list and revoke one's API tokens. */
import { createRoute } from '@hono/zod-openapi';
import { listApiTokens, revokeApiToken } from '../../domain/auth/api-tokens.js';
import { changeOwnPassword } from '../../domain/auth/password-change.js';
import { Unauthorized } from '../../domain/common/errors.js';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { actorOf } from '../common/actor.js';
import { clientAddress, signInPolicy } from '../common/client-address.js';
import { apiRouter, body, ErrorBody, errorResponses, json } from '../common/openapi.js';
import { ApiTokenList, PasswordChangeRequest, TokenParams } from './account.schemas.js';
import { tokenJson } from './api-token-json.js';

const changePassword = createRoute({
  method: 'post', path: '/auth/password', tags: ['auth'],
  summary: 'Change your own password; your other sessions and API tokens end',
  request: body(PasswordChangeRequest),
  responses: { 204: { description: 'Changed' }, ...errorResponses, 429: json(ErrorBody, 'Too many wrong current passwords; see Retry-After') },
});
const listTokens = createRoute({
  method: 'get', path: '/auth/tokens', tags: ['auth'], summary: 'Your API tokens that still work, newest first, with when each was last used',
  responses: { 200: json(ApiTokenList, 'Your live tokens'), ...errorResponses },
});
const revokeToken = createRoute({
  method: 'delete', path: '/auth/tokens/{tokenId}', tags: ['auth'], summary: 'Revoke one of your API tokens',
  request: { params: TokenParams },
  responses: { 204: { description: 'Revoked' }, 404: json(ErrorBody, 'No such live token of yours'), ...errorResponses },
});

function signedInUser(c: Context<AppEnv>) {
  const user = c.get('user');
  if (!user) throw new Unauthorized();
  return user;
}

/** The caller's session or token stays valid after their own password change; the others end. */
export function currentAccess(c: Context<AppEnv>) {
  return { sessionId: c.get('session')?.id ?? null, tokenId: c.get('apiTokenId') };
}

export const accountApiRoutes = apiRouter()
  .openapi(changePassword, async (c) => {
    await changeOwnPassword(c.get('em'), signedInUser(c), c.req.valid('json'), {
      ipAddress: clientAddress(c), policy: signInPolicy(c.get('deps').config), keep: currentAccess(c),
    });
    return c.body(null, 204);
  })
  .openapi(listTokens, async (c) => {
    const tokens = await listApiTokens(c.get('em'), signedInUser(c).id);
    return c.json({ items: tokens.map((token) => tokenJson(token, c.get('apiTokenId'))) }, 200);
  })
  .openapi(revokeToken, async (c) => {
    await revokeApiToken(c.get('em'), signedInUser(c).id, c.req.valid('param').tokenId, actorOf(c));
    return c.body(null, 204);
  });
