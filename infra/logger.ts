/** The one logger (pino): JSON lines; callers add request, job or workflow ids with `child()`. */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * What no log line keeps: credentials, and the row PostgreSQL quotes in an error's `detail`
 * ("Failing row contains (…)": a user's row holds their password hash, an account's a person's data).
 * The error's message, code, table and constraint stay: they say what went wrong.
 */
const REDACTED = ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password', 'err.detail', 'err.cause.detail'];

export function loggerOptions(level: string): LoggerOptions {
  return { level, base: { service: process.env.CISTERN_SERVICE ?? 'cistern' }, redact: REDACTED };
}

let root: Logger | undefined;

export function logger(): Logger {
  root ??= pino(loggerOptions(process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info')));
  return root;
}

/** A logger with the same options writing to `destination` (tests read what would be logged). */
export function loggerTo(destination: DestinationStream, level = 'info'): Logger {
  return pino(loggerOptions(level), destination);
}

export type { Logger };
