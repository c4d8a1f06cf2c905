/** Admins manage the people who sign in (docs/rules.md#roles-access-and-audit): add them, change their role, (de)activate them. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import type { Role, StaffRole } from '../common/enums.js';
import { Conflict, Invalid, NotFound } from '../common/errors.js';
import { audit } from '../audit/audit.js';
import { endAccess } from './access.js';
import { hashPassword, PASSWORD_COST, type ScryptCost } from './password.js';

export interface UserView { id: number; email: string; name: string; role: Role; active: boolean; createdAt: Date }

/** An app_user row as a UserView. */
const VIEW = ['id', 'email', 'name', 'role', 'active', 'created_at as createdAt'] as const;

export function listUsers(em: EntityManager): Promise<UserView[]> {
  return db(em).selectFrom('app_user').select(VIEW).orderBy('active', 'desc').orderBy('name').orderBy('id').execute();
}

export async function getUser(em: EntityManager, id: number): Promise<UserView> {
  const user = await db(em).selectFrom('app_user').select(VIEW).where('id', '=', id).executeTakeFirst();
  if (!user) throw new NotFound('User', String(id));
  return user;
}

/** Admins add people; the email is the sign-in name, unique without regard to case. */
export async function createUser(
  em: EntityManager, input: { email: string; name: string; role: StaffRole; password: string }, actor: Actor, cost: ScryptCost = PASSWORD_COST,
): Promise<UserView> {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password, cost);
  return em.transactional(async (tx) => {
    const user = await db(tx).insertInto('app_user')
      .values({ email, name: input.name.trim(), role: input.role, password_hash: passwordHash, active: true, created_at: sql`now()` })
      .onConflict((oc) => oc.column('email').doNothing()).returning(VIEW).executeTakeFirst();
    if (!user) throw new Conflict('A user with that email exists.', { reason: 'duplicate', field: 'email' });
    await audit(tx, { userId: actor.userId, userName: actor.name, action: 'user.create', entity: 'user', entityId: email, after: { email, name: input.name, role: input.role } });
    return user;
  });
}

/** Refuses a change that would leave nobody able to administer: your own admin access, or the last active admin's. */
async function checkAdminRemains(em: EntityManager, before: UserView, change: { role?: Role; active?: boolean }, actor: Actor): Promise<void> {
  const losesAdmin = before.role === 'admin' && before.active && (change.active === false || (change.role && change.role !== 'admin'));
  if (!losesAdmin) return;
  if (before.id === actor.userId) throw new Invalid('You cannot remove your own admin access.', { [change.active === false ? 'active' : 'role']: 'your own account' });
  const others = await db(em).selectFrom('app_user').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('role', '=', 'admin').where('active', '=', true).where('id', '<>', before.id).executeTakeFirstOrThrow();
  if (Number(others.n) === 0) throw new Conflict('This is the last active admin; make someone else admin first.', { reason: 'last_admin' });
}

/**
 * Changes a role or (de)activates a user. An admin cannot lock themselves out, and the
 * last active admin cannot be demoted or deactivated.
 */
export async function updateUser(em: EntityManager, id: number, change: { role?: StaffRole; active?: boolean }, actor: Actor): Promise<UserView> {
  return em.transactional(async (tx) => {
    const before = await db(tx).selectFrom('app_user').select(VIEW).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw new NotFound('User', String(id));
    // A consumer is tied to their account (docs/rules.md#consumer-portal-identity): no staff role for them, as no account for staff.
    if (change.role && before.role === 'consumer') throw new Invalid('A consumer of the portal cannot be given a staff role.', { role: 'a portal consumer' });
    await checkAdminRemains(tx, before, change, actor);
    const after = await db(tx).updateTable('app_user')
      .set((eb) => ({
        role: eb.fn.coalesce(eb.val(change.role ?? null), eb.ref('role')),
        active: eb.fn.coalesce(eb.val(change.active ?? null), eb.ref('active')),
      }))
      .where('id', '=', id).returning(VIEW).executeTakeFirstOrThrow();
    if (change.active === false) await endAccess(tx, id);
    await audit(tx, {
      userId: actor.userId, userName: actor.name, action: 'user.update', entity: 'user', entityId: before.email,
      before: { role: before.role, active: before.active }, after: { role: after.role, active: after.active },
    });
    return after;
  });
}
