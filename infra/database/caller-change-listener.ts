/**
 * One connection of an API process that LISTENs on `cistern_callers_changed` (the triggers of migration
 * 20261213090000) and tells the process's remembered callers (domain/auth/remembered-callers.ts): each
 * notice forgets them all. They are served only while this connection is listening: when it is lost (a
 * database restart, an administrator ending it), they are forgotten and none is served until it listens
 * again, which it tries every second and then less often, up to every 30 s.
 */
import pg from 'pg';
import type { RememberedCallers } from '../../domain/auth/remembered-callers.js';
import { logger } from '../logger.js';

export const CALLERS_CHANGED_CHANNEL = 'cistern_callers_changed';
const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 30_000;

export interface CallerChangeListener {
  /** Resolves once the first LISTEN has succeeded or failed (a failure is retried in the background). */
  ready: Promise<void>;
  /** Stops listening for good; the remembered callers are no longer served. */
  close(): Promise<void>;
}

/** Starts listening for `callers` on a connection of its own to `databaseUrl`. */
export function listenForCallerChanges(databaseUrl: string, callers: RememberedCallers): CallerChangeListener {
  const log = logger().child({ part: 'caller-change-listener' });
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = FIRST_RETRY_MS;
  let retry: NodeJS.Timeout | undefined;

  /** `gone` stopped listening: an older connection's late events change nothing. */
  const lost = (gone: pg.Client, reason: string) => {
    if (client !== gone) return;
    client = null;
    callers.suspend();
    gone.end().catch(() => undefined);
    if (closed) return;
    log.warn({ reason, retryInMs: retryMs }, 'lost the caller-change notices; callers are looked up on every request until they are back');
    retry = setTimeout(() => void connect(), retryMs);
    retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl, application_name: 'cistern-caller-changes' });
    client = next;
    // Only the code and message: pg's error carries its client, and with it the connection's parameters.
    next.on('error', (error: Error & { code?: string }) => lost(next, `${error.code ?? ''} ${error.message}`.trim()));
    next.on('end', () => lost(next, 'connection ended'));
    next.on('notification', () => callers.forgetAll());
    try {
      await next.connect();
      await next.query(`listen ${CALLERS_CHANGED_CHANNEL}`);
    } catch (error) {
      lost(next, (error as Error).message);
      return;
    }
    if (closed || client !== next) return;
    retryMs = FIRST_RETRY_MS;
    callers.resume();
  };

  const ready = connect();
  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(retry);
      await ready;
      const open = client;
      client = null;
      callers.suspend();
      await open?.end().catch(() => undefined);
    },
  };
}
