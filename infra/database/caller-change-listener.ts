/**
 * One connection of an API process that LISTENs on `cistern_callers_changed` (the triggers of migration
 * 20261213090000) and tells the process's remembered callers (domain/auth/remembered-callers.ts): each
 * notice forgets them all. They are served only while this connection is listening: when it is lost (a
 * database restart, an administrator ending it), they are forgotten and none is served until it listens
 * again, which it tries every second and then less often, up to every 30 s.
 *
 * A connection can also die without a word: a firewall or NAT that drops idle connections, a server that
 * hangs. Notices would then stop while nothing says so, so the listener asks `select 1` every 10 s and
 * counts the connection lost when no answer comes within 5 s (and the traffic keeps it from looking idle).
 */
import pg from 'pg';
import type { RememberedCallers } from '../../domain/auth/remembered-callers.js';
import { logger } from '../logger.js';

export const CALLERS_CHANGED_CHANNEL = 'cistern_callers_changed';
/** The listener's connection names itself so: in pg_stat_activity, and to tools that must tell its statements apart. */
export const CALLER_CHANGES_APPLICATION_NAME = 'cistern-caller-changes';
const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 30_000;

/** How often the connection is asked whether it still answers, and how long an answer may take. */
export interface HeartbeatTiming { everyMs: number; answerWithinMs: number }
const HEARTBEAT: HeartbeatTiming = { everyMs: 10_000, answerWithinMs: 5_000 };

export interface CallerChangeListener {
  /** Resolves once the first LISTEN has succeeded or failed (a failure is retried in the background). */
  ready: Promise<void>;
  /** Stops listening for good; the remembered callers are no longer served. */
  close(): Promise<void>;
}

/** Starts listening for `callers` on a connection of its own to `databaseUrl`; `heartbeat` is for tests. */
export function listenForCallerChanges(databaseUrl: string, callers: RememberedCallers, heartbeat = HEARTBEAT): CallerChangeListener {
  const log = logger().child({ part: 'caller-change-listener' });
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = FIRST_RETRY_MS;
  let retry: NodeJS.Timeout | undefined;
  let beating: NodeJS.Timeout | undefined;

  /** Asks `listening` for an answer; none in time (or an error) and it is lost. */
  const beat = (listening: pg.Client) => {
    const late = setTimeout(() => lost(listening, `no answer to select 1 within ${heartbeat.answerWithinMs} ms`), heartbeat.answerWithinMs);
    late.unref();
    listening.query('select 1').then(() => clearTimeout(late), (error: Error) => {
      clearTimeout(late);
      lost(listening, error.message);
    });
  };

  /** `gone` stopped listening: an older connection's late events change nothing. */
  const lost = (gone: pg.Client, reason: string) => {
    if (client !== gone) return;
    client = null;
    clearInterval(beating);
    callers.suspend();
    gone.end().catch(() => undefined);
    if (closed) return;
    log.warn({ reason, retryInMs: retryMs }, 'lost the caller-change notices; callers are looked up on every request until they are back');
    retry = setTimeout(() => void connect(), retryMs);
    retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl, application_name: CALLER_CHANGES_APPLICATION_NAME });
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
    beating = setInterval(() => beat(next), heartbeat.everyMs);
    beating.unref();
  };

  const ready = connect();
  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(retry);
      clearInterval(beating);
      await ready;
      const open = client;
      client = null;
      callers.suspend();
      await open?.end().catch(() => undefined);
    },
  };
}
