/** The signed-in user as the page layout shows them. */
import type { Context } from 'hono';
import { Unauthorized } from '../../domain/common/errors.js';
import type { ShellUser } from '../../views/common/layout.js';
import type { AppEnv } from '../app-env.js';

/** The signed-in user as the page shell shows them. */
export function shellUser(c: Context<AppEnv>): ShellUser {
  const user = c.get('user');
  if (!user) throw new Unauthorized();
  return { name: user.name, email: user.email, role: user.role, csrfToken: c.get('session')?.csrfToken ?? null };
}
