/**
 * The activities of every workflow, built from their dependencies
 * (samples-typescript: activities-dependency-injection). Each is idempotent.
 */
import type { Logger } from '../../infra/logger.js';
import type { Orm } from '../../infra/database/orm.js';
import { withWorkflowOrigin } from './activity-origin.js';
import { createServiceOrderActivities, type ActivityFaults } from './service-order.activities.js';

/** What activities need, handed in by the worker so tests can build activities on their own services. */
export interface ActivityDeps {
  orm: Orm;
  log: Logger;
  /** Tests only: failures injected into the move activities (never set by the worker process). */
  faults?: ActivityFaults;
}

/** Every activity, running with its workflow's id as the origin of what it writes (audit rows carry it). */
export function createActivities(deps: ActivityDeps) {
  return withWorkflowOrigin({ ...createServiceOrderActivities(deps) });
}

export type Activities = ReturnType<typeof createActivities>;
