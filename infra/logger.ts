import { pino, type Logger } from 'pino';

/** The one logger: JSON lines; callers add request, job or workflow ids with `child()`. */
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
