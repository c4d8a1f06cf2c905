/** The one logger (pino): JSON lines; callers add request, job or workflow ids with `child()`. */
import { pino, type Logger } from 'pino';

let root: Logger | undefined;

export function logger(): Logger {
  root ??= pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: { service: process.env.CISTERN_SERVICE ?? 'cistern' },
    redact: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'],
  });
  return root;
}

export type { Logger };
