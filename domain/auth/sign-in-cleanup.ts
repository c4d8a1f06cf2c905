/**
 * The nightly clean-up of sign-in records (docs/rules.md#sign-in-and-sessions): ended
 * sessions, dead tokens, spent reset links and attempts too old for the throttle.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../common/database.js';

/** Attempts stay this long after the throttle stops counting them, to look back on an attack. */
export const ATTEMPT_RETENTION_DAYS = 30;

export interface CleanupCounts { sessions: number; apiTokens: number; passwordResets: number; loginAttempts: number }

/** Deletes what can no longer be used; a revoked token's audit row stays. */
export async function deleteEndedSignInRecords(em: EntityManager, idleMinutes: number): Promise<CleanupCounts> {
  const sessions = await db(em).deleteFrom('session')
    .where((eb) => eb.or([eb('expires_at', '<=', sql<Date>`now()`), eb('last_seen_at', '<', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)]))
    .executeTakeFirst();
  const apiTokens = await db(em).deleteFrom('api_token')
    .where((eb) => eb.or([eb('expires_at', '<=', sql<Date>`now()`), eb('revoked_at', 'is not', null)])).executeTakeFirst();
  const passwordResets = await db(em).deleteFrom('password_reset')
    .where((eb) => eb.or([eb('expires_at', '<=', sql<Date>`now()`), eb('used_at', 'is not', null)])).executeTakeFirst();
  const loginAttempts = await db(em).deleteFrom('login_attempt')
    .where('attempted_at', '<', sql<Date>`now() - make_interval(days => ${ATTEMPT_RETENTION_DAYS})`).executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows), apiTokens: Number(apiTokens.numDeletedRows),
    passwordResets: Number(passwordResets.numDeletedRows), loginAttempts: Number(loginAttempts.numDeletedRows),
  };
}
