/** /admin/users (htmx): admins add people and change their role or access. */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { STAFF_ROLES } from '../../domain/common/enums.js';
import { plainText } from '../../domain/common/plain-text.js';
import { Conflict, Invalid } from '../../domain/common/errors.js';
import { listApiTokens, revokeApiToken } from '../../domain/auth/api-tokens.js';
import { scryptCost } from '../../domain/auth/password.js';
import { sendPasswordReset } from '../../domain/auth/password-reset.js';
import { createUser, getUser, listUsers, updateUser } from '../../domain/auth/users.js';
import { TokenTable } from '../../views/auth/api-tokens.view.js';
import { UserList, UsersPage, UserTokensPage } from '../../views/auth/users.view.js';
import { relayJobSoon } from '../common/job-queues.js';
import { NewPassword } from './account.schemas.js';
import { actorOf } from '../common/actor.js';
import { recordId } from '../common/record-params.js';
import type { AppEnv } from '../app-env.js';
import { formValues, parseForm } from '../common/forms.js';
import { requireRole } from '../middleware/require-role.js';
import { shellUser } from '../common/shell.js';

const NewUser = z.object({
  email: z.string({ error: 'required' }).email('an email address').max(254),
  name: plainText(200).trim().min(1, 'required'),
  role: z.enum(STAFF_ROLES, 'choose a role'),
  password: NewPassword,
});
const Change = z.object({ role: z.enum(STAFF_ROLES, 'choose a staff role').optional(), active: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')) });

async function tokensOf(c: Context<AppEnv>, userId: number, notice?: string) {
  const tokens = await listApiTokens(c.get('em'), userId);
  return { tokens, revokePath: (tokenId: number) => `/admin/users/${userId}/tokens/${tokenId}/revoke`, timeZone: c.get('deps').config.UTILITY_TIME_ZONE, notice };
}

/** Admins manage people and their roles (docs/rules.md#roles-access-and-audit); every change re-renders the list. */
export const userPageRoutes = new Hono<AppEnv>()
  .get('/admin/users', requireRole('admin'), async (c) =>
    c.html(<UsersPage users={await listUsers(c.get('em'))} selfId={actorOf(c).userId!} user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} />))
  .post('/admin/users', requireRole('admin'), async (c) => {
    const values = await formValues(c);
    try {
      await createUser(c.get('em'), parseForm(NewUser, values), actorOf(c), scryptCost(c.get('deps').config.PASSWORD_SCRYPT_LOG2_N));
    } catch (error) {
      if (!(error instanceof Invalid) && !(error instanceof Conflict)) throw error;
      const fields = error instanceof Invalid ? error.fields : { email: 'already in use' };
      const { password: _omit, ...kept } = values; // a password is never sent back to the page
      return c.html(<UserList users={await listUsers(c.get('em'))} selfId={actorOf(c).userId!} form={{ values: kept, errors: fields, message: error.message }} />, error.status);
    }
    return c.html(<UserList users={await listUsers(c.get('em'))} selfId={actorOf(c).userId!} />);
  })
  .post('/admin/users/:id{[0-9]{1,9}}/password-reset', requireRole('admin'), async (c) => {
    const { config } = c.get('deps');
    const person = await getUser(c.get('em'), Number(c.req.param('id')));
    const sent = await sendPasswordReset(c.get('em'), person.id, actorOf(c), { secret: config.SESSION_SECRET, ttlMinutes: config.PASSWORD_RESET_TTL_MINUTES });
    await relayJobSoon(c, sent.outboxId);
    const notice = `A one-time link to set a new password is on its way to ${person.email}.`;
    return c.html(<UserList users={await listUsers(c.get('em'))} selfId={actorOf(c).userId!} notice={notice} />);
  })
  .get('/admin/users/:id{[0-9]{1,9}}/tokens', requireRole('admin'), async (c) => {
    const person = await getUser(c.get('em'), Number(c.req.param('id')));
    return c.html(<UserTokensPage person={person} user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} tokens={await tokensOf(c, person.id)} />);
  })
  .post('/admin/users/:id{[0-9]{1,9}}/tokens/:tokenId{[0-9]{1,9}}/revoke', requireRole('admin'), async (c) => {
    const userId = Number(c.req.param('id'));
    await revokeApiToken(c.get('em'), userId, Number(c.req.param('tokenId')), actorOf(c));
    return c.html(<TokenTable {...await tokensOf(c, userId, 'Token revoked.')} />);
  })
  .post('/admin/users/:id{[0-9]+}', requireRole('admin'), async (c) => {
    const change = parseForm(Change, await formValues(c));
    await updateUser(c.get('em'), recordId(c.req.param('id'), 'User'), change, actorOf(c));
    return c.html(<UserList users={await listUsers(c.get('em'))} selfId={actorOf(c).userId!} />);
  });
