/**
 * Finds who is calling: a bearer token or the signed session cookie (ended by its absolute or idle timeout),
 * each with one query that reads the token or session and its user together (domain/auth/sign-in.ts).
 */
import { getSignedCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { findApiToken, findSession } from '../../domain/auth/sign-in.js';
import type { AppEnv } from '../app-env.js';

export const SESSION_COOKIE = 'cistern_session';

/** Finds who is calling, from a bearer token or the signed session cookie; enforcing is `requireRole`'s job. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const em = c.get('em');
  const authorization = c.req.header('authorization');
  if (authorization?.toLowerCase().startsWith('bearer ')) {
    const token = await findApiToken(em, authorization.slice(7).trim());
    if (token) {
      c.set('user', token.user);
      c.set('authVia', 'token');
      c.set('apiTokenId', token.id);
    }
    return next();
  }
  const { config } = c.get('deps');
  const token = await getSignedCookie(c, config.SESSION_SECRET, SESSION_COOKIE);
  if (token) {
    const found = await findSession(em, token, config.SESSION_IDLE_MINUTES);
    if (found) {
      c.set('user', found.user);
      c.set('session', found.session);
      c.set('authVia', 'session');
    }
  }
  await next();
});
