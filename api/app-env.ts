/** The services and per-request values the Hono app and its routes share (Hono's `Env`). */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import type { Config } from '../infra/config.js';
import type { Caller, CallerSession } from '../domain/auth/caller.js';
import type { OutboxRelay } from '../infra/outbox/outbox-relay.js';
import type { TemporalGateway } from '../infra/temporal/temporal-connection.js';
import type { Logger } from '../infra/logger.js';
import type { Orm } from '../infra/database/orm.js';
import type { Db } from '../domain/common/database.js';
import type { Drain } from './platform/drain.js';
import type { RememberedCallers } from '../domain/auth/remembered-callers.js';

/** The long-lived services the app is built from; tests build an app from their own. */
export interface AppDeps {
  config: Config;
  orm: Orm;
  redis: Redis;
  temporal: TemporalGateway;
  log: Logger;
  /**
   * The search's generic-plan connections (infra/database/generic-plan-pool.ts): name and e-mail searches run
   * there without being planned each time. Without them every search is planned on the request's connection.
   */
  genericPlanDb?: Db;
  /** Delivers outbox rows right after the commit that wrote them (the jobs worker's loop catches the rest). */
  relay?: OutboxRelay;
  /** The process's drain on SIGTERM (api/server.ts); absent in tests that do not drain. */
  drain?: Drain;
  /**
   * Callers this process looked up moments ago (domain/auth/remembered-callers.ts), served to reads while its
   * listener hears every change of sessions, tokens and users (api/server.ts). Absent: every request looks its caller up.
   */
  callers?: RememberedCallers;
  /** The instant quiet hours are read against when relaying notifications: real time unless a test fixes it. */
  clock?: () => Date;
}

/** Who is using the consumer portal: the consumer's user and the one account they are tied to. */
export interface PortalConsumer { userId: number; name: string; accountId: number; accountNumber: string }

/** Per-request values set by the middleware, read by the routes. */
export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    log: Logger;
    em: EntityManager;
    user: Caller | null;
    session: CallerSession | null;
    authVia: 'session' | 'token' | null;
    /** The API token making this request, when one does (a password change keeps it). */
    apiTokenId: number | null;
    /** The signed-in consumer and their one account, set by `requireConsumer` on the portal's routes only. */
    consumer: PortalConsumer;
  };
}
