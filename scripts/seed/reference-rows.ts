/**
 * The rows made before any account, with plain INSERTs (they are few): the demo users and
 * the technicians. Their ids come from the database and feed the generation context.
 */
import type pg from 'pg';
import type { Person, TechnicianRef } from './context.js';
import { isoTimestamp, SECONDS_PER_DAY } from './days.js';
import { hashPassword } from '../../domain/auth/password.js';
import { DEMO_CONSUMER, DEMO_USERS, demoUserRows } from './demo-users.js';
import { technicianSeeds } from './technicians.js';

/**
 * Inserts the demo users unless a user with that e-mail exists (a real admin's password is
 * never overwritten) and returns the three, by role.
 */
export async function ensureDemoUsers(client: pg.ClientBase, password: string, createdDay: number) {
  const createdAt = isoTimestamp(createdDay * SECONDS_PER_DAY + 14 * 3600);
  let inserted = 0;
  for (const user of await demoUserRows(password)) {
    const result = await client.query(
      `insert into app_user (email, name, role, password_hash, active, created_at) values ($1, $2, $3, $4, true, $5)
       on conflict (email) do nothing`,
      [user.email, user.name, user.role, user.passwordHash, createdAt],
    );
    inserted += result.rowCount ?? 0;
  }
  const found = await client.query<{ id: number; name: string; email: string }>(
    'select id, name, email from app_user where email = any($1)', [DEMO_USERS.map((u) => u.email)],
  );
  const byEmail = new Map(found.rows.map((r) => [r.email, { id: r.id, name: r.name } satisfies Person]));
  const person = (email: string): Person => byEmail.get(email) ?? { id: null, name: email };
  const users = { agent: person('agent@example.com'), dispatcher: person('dispatcher@example.com'), admin: person('admin@example.com') };
  return { users, inserted };
}

/**
 * Inserts the demo consumer for its account once the accounts are in (nothing when the account
 * was not generated, or the e-mail is taken); returns how many rows it added.
 */
export async function ensureDemoConsumer(client: pg.ClientBase, password: string, createdDay: number): Promise<number> {
  const createdAt = isoTimestamp(createdDay * SECONDS_PER_DAY + 14 * 3600);
  const result = await client.query(
    `insert into app_user (email, name, role, password_hash, active, created_at, account_id)
     select $1, $2, 'consumer', $3, true, $4, id from account where account_number = $5
     on conflict do nothing`,
    [DEMO_CONSUMER.email, DEMO_CONSUMER.name, await hashPassword(password), createdAt, DEMO_CONSUMER.accountNumber],
  );
  return result.rowCount ?? 0;
}

/** Inserts the crew; returns the active technicians, the ones new orders are assigned to. */
export async function insertTechnicians(client: pg.ClientBase, seed: number, createdDay: number): Promise<{ assignable: TechnicianRef[]; inserted: number }> {
  const createdAt = isoTimestamp(createdDay * SECONDS_PER_DAY + 14 * 3600);
  const refs: TechnicianRef[] = [];
  const seeds = technicianSeeds(seed);
  for (const tech of seeds) {
    const { rows } = await client.query<{ id: number }>(
      'insert into technician (name, phone, skills, active, created_at) values ($1, $2, $3, $4, $5) returning id',
      [tech.name, tech.phone, tech.skills, tech.active, createdAt],
    );
    if (tech.active) refs.push({ id: rows[0].id, name: tech.name, skills: tech.skills });
  }
  return { assignable: refs, inserted: seeds.length };
}
