import type { Job } from 'bullmq';
import type { Logger } from '../domain/logger.js';
import type { Orm } from '../domain/orm.js';
import type { QueueName } from './queues.js';

export interface JobDeps {
  orm: Orm;
  log: Logger;
}

export type JobHandler = (job: Job, deps: JobDeps) => Promise<unknown>;

/**
 * One catalogue of job names, one handler each (ARCHITECTURE.md convention 9). The
 * notification and nightly-metrics features register their handlers here.
 */
export const JOB_CATALOGUE: Record<QueueName, Record<string, JobHandler>> = {
  notifications: {},
  metrics: {},
};

/** Checked at boot: a job name with no handler is a deployment error, not a runtime surprise. */
export function handlerFor(queue: QueueName, name: string): JobHandler {
  const handler = JOB_CATALOGUE[queue][name];
  if (!handler) throw new Error(`No handler for job "${name}" on queue "${queue}"`);
  return handler;
}
