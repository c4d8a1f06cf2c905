import type { Logger } from '../domain/logger.js';
import type { Orm } from '../domain/orm.js';

/** What activities need, handed in by the worker so tests can build activities on their own services. */
export interface ActivityDeps {
  orm: Orm;
  log: Logger;
}

/**
 * The activities of every workflow, built from their dependencies
 * (samples-typescript: activities-dependency-injection). Each is idempotent.
 */
export function createActivities(_deps: ActivityDeps) {
  return {};
}

export type Activities = ReturnType<typeof createActivities>;
