/** The JSON API's sign-in: an email and password for a bearer token. */
import { createRoute, z } from '@hono/zod-openapi';
import { authenticate, issueApiToken } from '../../domain/auth/sign-in.js';
import { apiRouter, body, ErrorBody, errorResponses, json } from '../common/openapi.js';
import { clientAddress, signInPolicy } from '../common/client-address.js';

const TokenRequest = z.object({
  email: z.string().email().max(254),
  password: z.string().min(1).max(1024),
}).openapi('TokenRequest');

const TokenResponse = z.object({ token: z.string(), expiresAt: z.string().datetime() }).openapi('TokenResponse');

const issueToken = createRoute({
  method: 'post',
  path: '/auth/token',
  tags: ['auth'],
  summary: 'Exchange an email and password for a bearer token',
  request: body(TokenRequest),
  responses: {
    201: json(TokenResponse, 'A bearer token'),
    ...errorResponses,
    429: json(ErrorBody, 'Too many failed attempts; see Retry-After'),
  },
});

/** POST /api/v1/auth/token: the JSON API's sign-in, under the same throttle as the page. */
export const authApiRoutes = apiRouter().openapi(issueToken, async (c) => {
  const { email, password } = c.req.valid('json');
  const { config } = c.get('deps');
  const em = c.get('em');
  const user = await authenticate(em, email, password, clientAddress(c), signInPolicy(config));
  const issued = await issueApiToken(em, user, config.TOKEN_TTL_HOURS);
  return c.json({ token: issued.token, expiresAt: issued.expiresAt.toISOString() }, 201);
});
