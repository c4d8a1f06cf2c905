/** /admin/users (htmx): admins add people and change their role or access. */
import { Hono } from 'hono';
import { z } from 'zod';
import { ROLES } from '../../domain/common/enums.js';
import { plainText } from '../../domain/common/plain-text.js';
import { Conflict, Invalid } from '../../domain/common/errors.js';
import { createUser, listUsers, updateUser } from '../../domain/auth/users.js';
import { UserList, UsersPage } from '../../views/auth/users.view.js';
import { actorOf } from '../common/actor.js';
import { recordId } from '../common/record-params.js';
import type { AppEnv } from '../app-env.js';
import { formValues, parseForm } from '../common/forms.js';
import { requireRole } from '../middleware/require-role.js';
import { shellUser } from '../common/shell.js';

const NewUser = z.object({
  email: z.string({ error: 'required' }).email('an email address').max(254),
  name: plainText(200).trim().min(1, 'required'),
  role: z.enum(ROLES, 'choose a role'),
  password: z.string({ error: 'required' }).min(10, 'at least 10 characters').max(200),
});
const Change = z.object({ role: z.enum(ROLES).optional(), active: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')) });

/** Admins manage people and their roles (docs/rules.md#roles-access-and-audit); every change re-renders the list. */
export const userPageRoutes = new Hono<AppEnv>()
  .get('/admin/users', requireRole('admin'), async (c) =>
    c.html(<UsersPage users={await listUsers(c.get('em'))} selfId={actorOf(c).userId!} user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} />))
  .post('/admin/users', requireRole('admin'), async (c) => {
    const values = await formValues(c);
    try {
      await createUser(c.get('em'), parseForm(NewUser, values), actorOf(c));
    } catch (error) {
      if (!(error instanceof Invalid) && !(error instanceof Conflict)) throw error;
      const fields = error instanceof Invalid ? error.fields : { email: 'already in use' };
      const { password: _omit, ...kept } = values; // a password is never sent back to the page
      return c.html(<UserList users={await listUsers(c.get('em'))} selfId={actorOf(c).userId!} form={{ values: kept, errors: fields, message: error.message }} />, error.status);
    }
    return c.html(<UserList users={await listUsers(c.get('em'))} selfId={actorOf(c).userId!} />);
  })
  .post('/admin/users/:id{[0-9]+}', requireRole('admin'), async (c) => {
    const change = parseForm(Change, await formValues(c));
    await updateUser(c.get('em'), recordId(c.req.param('id'), 'User'), change, actorOf(c));
    return c.html(<UserList users={await listUsers(c.get('em'))} selfId={actorOf(c).userId!} />);
  });
