/**
 * People change their own password (docs/rules.md#sign-in-and-sessions): the current one
 * is checked under the sign-in throttle, and every other session and token of theirs ends.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import { Invalid, Unauthorized } from '../common/errors.js';
import { audit } from '../audit/audit.js';
import { endAccess, type CurrentAccess } from './access.js';
import { hashPassword } from './password.js';
import { authenticate, type SignInPolicy } from './sign-in.js';
import type { IUser } from './user.entity.js';

export interface PasswordChange { currentPassword: string; newPassword: string }

/** Writes a new password hash and ends the user's access but `keep`, with its audit row, in the caller's transaction. */
export async function replacePassword(em: EntityManager, userId: number, passwordHash: string, keep: CurrentAccess, entry: { actor: Actor; action: string; email: string }) {
  await db(em).updateTable('app_user').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
  await endAccess(em, userId, keep);
  await audit(em, { userId: entry.actor.userId, userName: entry.actor.name, action: entry.action, entity: 'user', entityId: entry.email });
}

/** The signed-in user's own change; a wrong current password counts as a failed sign-in. */
export async function changeOwnPassword(
  em: EntityManager, user: Pick<IUser, 'id' | 'email' | 'name'>, change: PasswordChange, context: { ipAddress: string; policy: SignInPolicy; keep: CurrentAccess },
): Promise<void> {
  if (change.newPassword === change.currentPassword) {
    throw new Invalid('Choose a new password that differs from the current one.', { newPassword: 'same as the current password' });
  }
  try {
    await authenticate(em, user.email, change.currentPassword, context.ipAddress, context.policy);
  } catch (error) {
    if (error instanceof Unauthorized) throw new Invalid('The current password is not right.', { currentPassword: 'not your current password' });
    throw error;
  }
  const passwordHash = await hashPassword(change.newPassword, context.policy.cost);
  await em.transactional((tx) => replacePassword(tx, user.id, passwordHash, context.keep, {
    actor: { userId: user.id, name: user.name }, action: 'user.password_change', email: user.email,
  }));
}
