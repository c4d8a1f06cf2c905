/**
 * Security events in the log (docs/security.md, V7): sign-ins that succeed, fail or are
 * throttled, requests refused for want of a sign-in or of a role, and input refused — one
 * line each with the request id, the route and the user; never a body, password or token.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { AppEnv } from '../app-env.js';
import { loggedPath } from '../common/logged-path.js';

const SIGN_IN = new Set(['/login', '/api/v1/auth/token']);
const INPUT_REFUSED = new Set([400, 413, 422]);

/** What a finished request means for security, or null when it is ordinary. */
export function securityEventOf(method: string, path: string, status: number, location: string | null): string | null {
  if (method === 'POST' && SIGN_IN.has(path)) {
    if (status === 201 || status === 303) return 'sign_in.succeeded';
    if (status === 401) return 'sign_in.failed';
    if (status === 429) return 'sign_in.throttled';
  }
  if (status === 401 || (status === 303 && location?.startsWith('/login?next='))) return 'access.unauthenticated';
  if (status === 403) return 'access.forbidden';
  if (INPUT_REFUSED.has(status)) return 'input.refused';
  return null;
}

function logEvent(c: Context<AppEnv>, event: string) {
  const user = c.get('user');
  const fields = {
    event, method: c.req.method, path: loggedPath(c.req.path), route: routePath(c), status: c.res.status,
    userId: user?.id ?? null, authVia: c.get('authVia'),
  };
  const ordinary = event === 'sign_in.succeeded' || event === 'input.refused';
  c.get('log')[ordinary ? 'info' : 'warn'](fields, `security event ${event}`);
}

export const logSecurityEvents = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const event = securityEventOf(c.req.method, c.req.path, c.res.status, c.res.headers.get('Location'));
  if (event) logEvent(c, event);
});
