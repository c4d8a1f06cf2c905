/** Who is calling from where: the client's address as the sign-in throttle counts it. */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Config } from '../../infra/config.js';
import type { ThrottleLimits } from '../../domain/auth/login-throttle.js';

/** The caller's address: the socket's, since X-Forwarded-For can be forged unless a trusted proxy sets it. */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function throttleLimits(config: Config): ThrottleLimits {
  return {
    maxFailuresPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
    windowMinutes: config.LOGIN_THROTTLE_WINDOW_MINUTES,
  };
}
