/**
 * Finds who is calling: a bearer token or the signed session cookie (ended by its absolute or idle timeout),
 * each with one query that reads the token or session and its user together (domain/auth/sign-in.ts).
 * Reads may be answered from the process's remembered callers (domain/auth/remembered-callers.ts); a request
 * that may change something always reads afresh, and forgets them all once it is done.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { findApiToken, findSession } from '../../domain/auth/sign-in.js';
import type { RememberedCallers } from '../../domain/auth/remembered-callers.js';
import type { AppEnv } from '../app-env.js';

export const SESSION_COOKIE = 'cistern_session';

/**
 * The session token of a cookie signed as hono's `setSignedCookie` signs it (`value.base64(HMAC-SHA256)`),
 * or undefined. Checked with node:crypto at once: hono's `getSignedCookie` imports a WebCrypto key and
 * verifies asynchronously on every request, which cost ~4 % of a profile page's CPU.
 */
function signedSessionToken(c: Context<AppEnv>, secret: string): string | undefined {
  const cookie = getCookie(c, SESSION_COOKIE);
  const dot = cookie?.lastIndexOf('.') ?? -1;
  if (!cookie || dot < 0) return undefined;
  const signature = Buffer.from(cookie.slice(dot + 1));
  const expected = Buffer.from(createHmac('sha256', secret).update(cookie.slice(0, dot)).digest('base64'));
  return signature.length === expected.length && timingSafeEqual(signature, expected) ? cookie.slice(0, dot) : undefined;
}

/** Methods that change nothing (RFC 9110's safe methods): only they may be answered from remembered callers. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sets the request's caller from a bearer token or the signed session cookie; nothing when neither is valid. */
async function identify(c: Context<AppEnv>, remembered: RememberedCallers | undefined): Promise<void> {
  const em = c.get('em');
  const authorization = c.req.header('authorization');
  if (authorization?.toLowerCase().startsWith('bearer ')) {
    const token = await findApiToken(em, authorization.slice(7).trim(), remembered);
    if (token) {
      c.set('user', token.user);
      c.set('authVia', 'token');
      c.set('apiTokenId', token.id);
    }
    return;
  }
  const { config } = c.get('deps');
  const token = signedSessionToken(c, config.SESSION_SECRET);
  if (!token) return;
  const found = await findSession(em, token, config.SESSION_IDLE_MINUTES, remembered);
  if (found) {
    c.set('user', found.user);
    c.set('session', found.session);
    c.set('authVia', 'session');
  }
}

/**
 * Finds who is calling, from a bearer token or the signed session cookie; enforcing is `requireRole`'s job.
 * A request that may change something (a sign-out, a deactivation, any write) is checked against the database as it
 * is now, and the remembered callers are forgotten before its answer leaves, so the next request of this process
 * reads afresh whatever it changed; other processes learn it from PostgreSQL's notification.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const { callers } = c.get('deps');
  const read = READS.has(c.req.method);
  await identify(c, read ? callers : undefined);
  if (read) return next();
  try {
    await next();
  } finally {
    callers?.forgetAll();
  }
});
