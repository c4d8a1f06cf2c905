/**
 * Where a signed-in person lands (docs/rules.md#consumer-portal-identity): consumers in the portal
 * (`/my`), staff in the back office (`/`). A `next` that belongs to the other side is ignored, so
 * neither is sent to a page that would only refuse them.
 */
import { createMiddleware } from 'hono/factory';
import type { Role } from '../../domain/common/enums.js';
import type { AppEnv } from '../app-env.js';

export const PORTAL_HOME = '/my';

function isPortalPath(path: string): boolean {
  return path === PORTAL_HOME || path.startsWith(`${PORTAL_HOME}/`) || path.startsWith(`${PORTAL_HOME}?`);
}

export function homeFor(role: Role): string {
  return role === 'consumer' ? PORTAL_HOME : '/';
}

/** The page to go to after signing in, given the (already same-site) `next` the form carried. */
export function landingFor(role: Role, next: string): string {
  if (role === 'consumer') return isPortalPath(next) ? next : PORTAL_HOME;
  return isPortalPath(next) ? '/' : next;
}

/** GET / for a consumer: their home is the portal, not the staff dashboard (which would answer 403). */
export const consumerHome = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'GET' && c.req.path === '/' && c.get('user')?.role === 'consumer') return c.redirect(PORTAL_HOME, 303);
  await next();
});
