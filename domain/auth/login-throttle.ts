/**
 * Sign-in throttle: too many failed attempts for one account, or from one address,
 * within the window refuses further attempts until the oldest failure ages out.
 * An attempt is counted before its password is checked (docs/rules.md#sign-in-and-sessions).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../common/database.js';
import { TooManyRequests } from '../common/errors.js';

// Counted in Postgres so every API process sees the same numbers.
export interface ThrottleLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMinutes: number;
}

interface FailureWindow {
  failures: number;
  oldest: Date | null;
}

async function failuresSince(em: EntityManager, column: 'email' | 'ip_address', value: string, since: Date): Promise<FailureWindow> {
  const row = await db(em).selectFrom('login_attempt')
    .select((eb) => [eb.fn.countAll<string>().as('failures'), eb.fn.min('attempted_at').as('oldest')])
    .where(column, '=', value).where('attempted_at', '>', since).where('succeeded', '=', false).executeTakeFirst();
  // Aggregates come back as text.
  return { failures: Number(row?.failures ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
}

function retryAfterSeconds(window: FailureWindow, limits: ThrottleLimits, now: Date): number {
  const freeAt = (window.oldest?.getTime() ?? now.getTime()) + limits.windowMinutes * 60_000;
  return Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
}

async function assertNotThrottled(em: EntityManager, email: string, ipAddress: string, limits: ThrottleLimits, now: Date) {
  const since = new Date(now.getTime() - limits.windowMinutes * 60_000);
  const byAccount = await failuresSince(em, 'email', email, since);
  if (byAccount.failures >= limits.maxFailuresPerAccount) {
    const wait = retryAfterSeconds(byAccount, limits, now);
    throw new TooManyRequests(`Too many failed sign-ins for this account. Try again in ${humanWait(wait)}.`, wait);
  }
  const byAddress = await failuresSince(em, 'ip_address', ipAddress, since);
  if (byAddress.failures >= limits.maxFailuresPerAddress) {
    const wait = retryAfterSeconds(byAddress, limits, now);
    throw new TooManyRequests(`Too many failed sign-ins from this address. Try again in ${humanWait(wait)}.`, wait);
  }
}

/** Queues this transaction behind any other attempt on the same e-mail or address (released at commit). */
async function lockCounters(em: EntityManager, email: string, ipAddress: string) {
  // Always e-mail first, then address: the same order everywhere, so two attempts never wait on each other in a cycle.
  for (const [space, key] of [[1, email], [2, ipAddress]] as const) {
    await db(em).selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.val(space), eb.fn('hashtext', [eb.val(key)])]).as('locked')).execute();
  }
}

/**
 * Counts an attempt before its password is checked: under a lock per e-mail and per
 * address, refuses it when the window is full, and otherwise records it as a failure at
 * once, so parallel guesses each see the ones before them. Returns the attempt's id for
 * `markAttemptSucceeded`.
 */
export async function claimAttempt(em: EntityManager, email: string, ipAddress: string, limits: ThrottleLimits, now = new Date()): Promise<number> {
  return em.transactional(async (tx) => {
    await lockCounters(tx, email, ipAddress);
    await assertNotThrottled(tx, email, ipAddress, limits, now);
    const row = await db(tx).insertInto('login_attempt')
      .values({ email, ip_address: ipAddress, succeeded: false, attempted_at: sql`now()` }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  });
}

/** The password was right: the attempt no longer counts against the account or the address. */
export async function markAttemptSucceeded(em: EntityManager, attemptId: number) {
  await db(em).updateTable('login_attempt').set({ succeeded: true }).where('id', '=', attemptId).execute();
}

function humanWait(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}
