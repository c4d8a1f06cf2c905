/** Role checks: each role may do all that the roles before it may. */
import { createMiddleware } from 'hono/factory';
import type { Role } from '../../domain/common/enums.js';
import { Forbidden, Unauthorized } from '../../domain/common/errors.js';
import type { AppEnv } from '../app-env.js';

/**
 * Each staff role may do all that the roles before it may (docs/rules.md#roles-access-and-audit). A
 * consumer stands outside that ladder: no staff role reaches the portal's own routes, and a consumer
 * reaches nothing of the staff's.
 */
const RANK: Record<Role, number> = { consumer: 0, agent: 1, dispatcher: 2, admin: 3 };

export function roleAllows(role: Role, needed: Role): boolean {
  if (needed === 'consumer' || role === 'consumer') return role === needed;
  return RANK[role] >= RANK[needed];
}

/** Refuses a request without a signed-in user (401) or with too small a role (403). */
export function requireRole(needed: Role) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = c.get('user');
    if (!user) throw new Unauthorized();
    if (!roleAllows(user.role, needed)) throw new Forbidden(`This needs the ${needed} role; you are signed in as ${user.role}.`);
    await next();
  });
}
