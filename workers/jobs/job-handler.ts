/** What every job handler of the jobs worker is: a function of the job and the worker's services. */
import type { Job } from 'bullmq';
import type { Orm } from '../../infra/database/orm.js';
import type { Logger } from '../../infra/logger.js';
import type { JobServices } from './job-services.js';
import type { ServiceOrderWorkflows } from '../../domain/service-orders/service-order-workflow.js';

export interface JobDeps {
  orm: Orm;
  log: Logger;
  /** Channels, Redis, time zone; the configured ones when absent (tests pass their own). */
  services?: JobServices;
  /** The running service-order workflows (Temporal), for the jobs that compare them with the read model. */
  serviceOrders?: Pick<ServiceOrderWorkflows, 'state'>;
}

export type JobHandler = (job: Job, deps: JobDeps) => Promise<unknown>;
