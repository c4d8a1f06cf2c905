/**
 * Sign-in throttle: too many failed attempts for one account, or from one address,
 * within the window refuses further attempts until the oldest failure ages out.
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

export async function assertNotThrottled(em: EntityManager, email: string, ipAddress: string, limits: ThrottleLimits, now = new Date()) {
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

export async function recordAttempt(em: EntityManager, email: string, ipAddress: string, succeeded: boolean) {
  await db(em).insertInto('login_attempt').values({ email, ip_address: ipAddress, succeeded, attempted_at: sql`now()` }).execute();
}

function humanWait(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}
