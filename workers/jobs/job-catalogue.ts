/** The jobs worker's catalogue: which handler runs each job of each queue. */
import { withWriteOrigin } from '../../domain/audit/write-origin.js';
import { JOB_NAMES, QUEUE_NAMES, type QueueName } from '../../infra/queues/job-queues.js';
import { OUTBOX_JOB_ROUTES } from '../../infra/outbox/outbox-jobs.js';
import type { JobHandler } from './job-handler.js';
import { nightlyMetricsJob } from './nightly-metrics.job.js';
import { notifyDispatchersJob } from './notify-dispatchers.job.js';
import { reconcileServiceOrdersJob } from './reconcile-service-orders.job.js';
import { sendNotificationJob } from './send-notification.job.js';
import { sendPasswordResetJob } from './send-password-reset.job.js';
import { sendPortalLetterJob } from './send-portal-letter.job.js';
import { signInCleanupJob } from './sign-in-cleanup.job.js';


/**
 * One catalogue of job names, one handler each (docs/architecture.md). The
 * notification and nightly-metrics features register their handlers here.
 */
export const JOB_CATALOGUE: Record<QueueName, Record<string, JobHandler>> = {
  notifications: {
    [JOB_NAMES.sendNotification]: sendNotificationJob,
    [JOB_NAMES.notifyDispatchers]: notifyDispatchersJob,
    [JOB_NAMES.sendPasswordReset]: sendPasswordResetJob,
    [JOB_NAMES.sendPortalLetter]: sendPortalLetterJob,
  },
  metrics: {
    [JOB_NAMES.nightlyMetrics]: nightlyMetricsJob,
    [JOB_NAMES.reconcileServiceOrders]: reconcileServiceOrdersJob,
    [JOB_NAMES.signInCleanup]: signInCleanupJob,
  },
};

/**
 * The handler of a job, running with the job (`queue:id`) as the origin of what it writes (audit rows
 * carry it). Checked at boot: a job name with no handler is a deployment error, not a runtime surprise.
 */
export function handlerFor(queue: QueueName, name: string): JobHandler {
  const handler = JOB_CATALOGUE[queue][name];
  if (!handler) throw new Error(`No handler for job "${name}" on queue "${queue}"`);
  return (job, deps) => withWriteOrigin({ jobId: `${queue}:${job.id}` }, () => handler(job, deps));
}

/** Every (queue, job) something can enqueue: the outbox relay's routes, the Job Scheduler, the API's on-demand run. */
export function enqueuedJobs(): Array<{ queue: QueueName; name: string; by: string }> {
  return [
    ...Object.entries(OUTBOX_JOB_ROUTES).map(([kind, route]) => ({ queue: route.queue, name: route.job, by: `outbox kind ${kind}` })),
    { queue: QUEUE_NAMES.metrics, name: JOB_NAMES.nightlyMetrics, by: 'the nightly Job Scheduler and POST /api/v1/jobs/metrics' },
    { queue: QUEUE_NAMES.metrics, name: JOB_NAMES.reconcileServiceOrders, by: 'the hourly reconcile Job Scheduler' },
    { queue: QUEUE_NAMES.metrics, name: JOB_NAMES.signInCleanup, by: 'the nightly sign-in clean-up Job Scheduler' },
  ];
}

/** Throws, naming each gap, unless every job that can be enqueued has a handler; the worker runs it before it starts. */
export function assertCatalogueComplete(): void {
  const missing = enqueuedJobs().filter(({ queue, name }) => !JOB_CATALOGUE[queue]?.[name]);
  if (missing.length) {
    throw new Error(`Job catalogue incomplete:\n${missing.map((m) => `  - "${m.name}" on "${m.queue}" (enqueued by ${m.by})`).join('\n')}`);
  }
}
