/**
 * The demo sign-ins (docs/api.md "Demo data and defaults"): one user per role, all with the
 * DEMO_PASSWORD; the consumer is tied to account WU-10001. Hashes are salted, so they differ between runs; everything else is fixed.
 */
import type { Role } from '../../domain/common/enums.js';
import { hashPassword } from '../../domain/auth/password.js';

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { email: 'agent@example.com', name: 'Alex Agent', role: 'agent' },
  { email: 'dispatcher@example.com', name: 'Dana Dispatcher', role: 'dispatcher' },
  { email: 'admin@example.com', name: 'Ada Admin', role: 'admin' },
];

/** The demo consumer: signs in to the portal (/my) for the example account WU-10001, with the same DEMO_PASSWORD. */
export const DEMO_CONSUMER = { email: 'john.doe@example.com', name: 'John Doe', role: 'consumer', accountNumber: 'WU-10001' } as const;

/** Why a production start never gets demo users: they all share a password printed in the README. */
export const DEMO_DATA_REFUSED = 'The demo seed creates users whose password is published, so it does not run with NODE_ENV=production.\n'
  + 'Create the first admin with: npm run user:create -- --email you@utility.example --name "Your Name" --role admin';

export function refuseDemoDataInProduction(nodeEnv: string | undefined): void {
  if (nodeEnv === 'production') throw new Error(DEMO_DATA_REFUSED);
}

export async function demoUserRows(password: string): Promise<Array<DemoUser & { passwordHash: string }>> {
  return Promise.all(DEMO_USERS.map(async (user) => ({ ...user, passwordHash: await hashPassword(password) })));
}
