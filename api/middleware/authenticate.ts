/** Finds who is calling: a bearer token or the signed session cookie. */
import { getSignedCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { findApiTokenUser, findSession } from '../../domain/auth/sign-in.js';
import type { AppEnv } from '../app-env.js';

export const SESSION_COOKIE = 'cistern_session';

/** Finds who is calling, from a bearer token or the signed session cookie; enforcing is `requireRole`'s job. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const em = c.get('em');
  const authorization = c.req.header('authorization');
  if (authorization?.toLowerCase().startsWith('bearer ')) {
    const user = await findApiTokenUser(em, authorization.slice(7).trim());
    if (user) {
      c.set('user', user);
      c.set('authVia', 'token');
    }
    return next();
  }
  const token = await getSignedCookie(c, c.get('deps').config.SESSION_SECRET, SESSION_COOKIE);
  if (token) {
    const session = await findSession(em, token);
    if (session) {
      c.set('user', session.user);
      c.set('session', session);
      c.set('authVia', 'session');
    }
  }
  await next();
});
