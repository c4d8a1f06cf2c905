import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from './password.js';
import type { Role } from '../shared/enums.js';
import { Conflict, Invalid, NotFound } from '../shared/errors.js';
import { audit } from '../audit/audit.js';

export interface UserView { id: number; email: string; name: string; role: Role; active: boolean; createdAt: Date }
type Actor = { userId: number | null; name: string };

const columns = 'id, email, name, role, active, created_at';
const toView = (row: { id: number; email: string; name: string; role: Role; active: boolean; created_at: Date }): UserView =>
  ({ id: row.id, email: row.email, name: row.name, role: row.role, active: row.active, createdAt: new Date(row.created_at) });

export async function listUsers(em: EntityManager): Promise<UserView[]> {
  const rows = await em.getConnection().execute<Parameters<typeof toView>[0][]>(`select ${columns} from app_user order by active desc, name, id`);
  return rows.map(toView);
}

/** Admins add people (SPEC §1); the email is the sign-in name, unique without regard to case. */
export async function createUser(em: EntityManager, input: { email: string; name: string; role: Role; password: string }, actor: Actor): Promise<UserView> {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  return em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const rows = await t.getConnection().execute<Parameters<typeof toView>[0][]>(
      `insert into app_user (email, name, role, password_hash, active, created_at) values (?, ?, ?, ?, true, now())
       on conflict (email) do nothing returning ${columns}`, [email, input.name.trim(), input.role, passwordHash], 'all', t.getTransactionContext());
    if (!rows.length) throw new Conflict('A user with that email exists.', { reason: 'duplicate', field: 'email' });
    await audit(t, { userId: actor.userId, userName: actor.name, action: 'user.create', entity: 'user', entityId: email, after: { email, name: input.name, role: input.role } });
    return toView(rows[0]);
  });
}

/**
 * Changes a role or (de)activates a user. Deactivating ends their sessions and revokes
 * their API tokens at once. An admin cannot lock themselves out, and the last active
 * admin cannot be demoted or deactivated.
 */
export async function updateUser(em: EntityManager, id: number, change: { role?: Role; active?: boolean }, actor: Actor): Promise<UserView> {
  return em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const run = <T>(sql: string, params: unknown[]) => t.getConnection().execute<T[]>(sql, params, 'all', t.getTransactionContext());
    const [before] = await run<Parameters<typeof toView>[0]>(`select ${columns} from app_user where id = ? for update`, [id]);
    if (!before) throw new NotFound('User', String(id));
    const losesAdmin = before.role === 'admin' && before.active && (change.active === false || (change.role && change.role !== 'admin'));
    if (losesAdmin && id === actor.userId) throw new Invalid('You cannot remove your own admin access.', { [change.active === false ? 'active' : 'role']: 'your own account' });
    if (losesAdmin) {
      const [{ n }] = await run<{ n: string }>(`select count(*) as n from app_user where role = 'admin' and active and id <> ?`, [id]);
      if (Number(n) === 0) throw new Conflict('This is the last active admin; make someone else admin first.', { reason: 'last_admin' });
    }
    const [after] = await run<Parameters<typeof toView>[0]>(
      `update app_user set role = coalesce(?, role), active = coalesce(?, active) where id = ? returning ${columns}`, [change.role ?? null, change.active ?? null, id]);
    if (change.active === false) {
      await run('delete from session where user_id = ?', [id]);
      await run('update api_token set revoked_at = now() where user_id = ? and revoked_at is null', [id]);
    }
    await audit(t, {
      userId: actor.userId, userName: actor.name, action: 'user.update', entity: 'user', entityId: before.email,
      before: { role: before.role, active: before.active }, after: { role: after.role, active: after.active },
    });
    return toView(after);
  });
}
