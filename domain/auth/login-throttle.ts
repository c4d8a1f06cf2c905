import type { EntityManager } from '@mikro-orm/postgresql';
import { TooManyRequests } from '../shared/errors.js';

/**
 * Sign-in throttle: too many failed attempts for one account, or from one address,
 * within the window refuses further attempts until the oldest failure ages out.
 * Counted in Postgres so every API process sees the same numbers.
 */
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
  const rows = await em.getConnection().execute<{ failures: string; oldest: Date | null }[]>(
    `select count(*) as failures, min(attempted_at) as oldest from login_attempt
      where ${column} = ? and attempted_at > ? and succeeded = false`,
    [value, since],
  );
  return { failures: Number(rows[0]?.failures ?? 0), oldest: rows[0]?.oldest ? new Date(rows[0].oldest) : null };
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
  await em.getConnection().execute(
    'insert into login_attempt (email, ip_address, succeeded, attempted_at) values (?, ?, ?, now())',
    [email, ipAddress, succeeded],
  );
}

function humanWait(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}
