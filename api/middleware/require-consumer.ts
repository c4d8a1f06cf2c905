/**
 * The portal's gate (docs/rules.md#self-service-portal): a /my page or /api/v1/me route needs a
 * signed-in consumer (401, which a page turns into the sign-in redirect) and refuses staff (403).
 * It puts the consumer and their one account on the context, so no portal route ever reads an
 * account number from the request: another account is simply out of reach.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { db } from '../../domain/common/database.js';
import { Forbidden, Unauthorized } from '../../domain/common/errors.js';
import type { AppEnv, PortalConsumer } from '../app-env.js';

export const requireConsumer = createMiddleware<AppEnv>(async (c, next) => {
  const user = c.get('user');
  if (!user) throw new Unauthorized();
  if (user.role !== 'consumer') throw new Forbidden('These pages are the consumer portal; staff use the back office.');
  const row = await db(c.get('em')).selectFrom('app_user')
    .innerJoin('account', 'account.id', 'app_user.account_id')
    .select(['account.id', 'account.account_number'])
    .where('app_user.id', '=', user.id).executeTakeFirst();
  // The database ties every consumer to an account; a row without one can only be a broken user.
  if (!row) throw new Forbidden('This sign-in is not tied to an account.');
  c.set('consumer', { userId: user.id, name: user.name, accountId: row.id, accountNumber: row.account_number });
  await next();
});

/** The consumer `requireConsumer` admitted. */
export function consumerOf(c: Context<AppEnv>): PortalConsumer {
  const consumer = c.get('consumer');
  if (!consumer) throw new Unauthorized();
  return consumer;
}
