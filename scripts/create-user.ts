/**
 * `npm run user:create -- --email E --name N --role admin`: adds a user from the command line,
 * the way a production installation gets its first admin (the demo seed never runs there).
 * The password comes from standard input when piped; otherwise a random one is printed once.
 */
import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { readCommandLine } from './lib/command-line.js';
import { z } from 'zod';
import { createUser } from '../domain/auth/users.js';
import { STAFF_ROLES } from '../domain/common/enums.js';
import { PASSWORD_LENGTH } from '../domain/auth/password.js';
import { config } from '../infra/config.js';
import { openOrm } from '../infra/database/orm.js';

const USAGE = 'usage: npm run user:create -- --email you@utility.example --name "Your Name" --role agent|dispatcher|admin  [< password-file]';

const options = z.object({
  email: z.email('must be an email address').max(320),
  name: z.string().trim().min(1, 'required').max(200),
  role: z.enum(STAFF_ROLES, `must be one of ${STAFF_ROLES.join(', ')} (consumers register through the portal)`),
});
const password = z.string()
  .min(PASSWORD_LENGTH.min, `the password needs at least ${PASSWORD_LENGTH.min} characters`).max(PASSWORD_LENGTH.max, `the password has at most ${PASSWORD_LENGTH.max} characters`);

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(code);
}

const { values } = readCommandLine({ options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } } }, USAGE);
const parsed = options.safeParse(values);
if (!parsed.success) fail(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'), 64);

const piped = !process.stdin.isTTY;
const chosen = piped ? (await text(process.stdin)).split(/\r?\n/)[0] : randomBytes(18).toString('base64url');
const checked = password.safeParse(chosen);
if (!checked.success) fail(checked.error.issues[0].message, 64);

const orm = await openOrm(config().DATABASE_URL);
try {
  const user = await createUser(orm.em.fork(), { ...parsed.data, password: checked.data }, { userId: null, name: 'command line' });
  process.stdout.write(`Created ${user.role} ${user.email} (id ${user.id}).\n`);
  if (!piped) process.stdout.write(`Password (shown once; change it after signing in): ${checked.data}\n`);
} catch (error) {
  fail((error as Error).message, 65);
} finally {
  await orm.close();
}
