/**
 * `reconcile_service_orders` (hourly, a BullMQ Job Scheduler): compares each running
 * service-order workflow with its read model (docs/rules.md#service-orders); read-only
 * apart from the safe repairs, so a rerun is harmless.
 */
import type { Queue } from 'bullmq';
import { reconcileServiceOrders } from '../../domain/service-orders/service-order-reconcile.js';
import { JOB_NAMES, KEEP_FINISHED, RECONCILE_SCHEDULER_ID } from '../../infra/queues/job-queues.js';
import type { Logger } from '../../infra/logger.js';
import type { JobHandler } from './job-handler.js';

const HOUR_MS = 3_600_000;

export const reconcileServiceOrdersJob: JobHandler = async (job, deps) => {
  if (!deps.serviceOrders) throw new Error('reconcile_service_orders needs the Temporal client (JobDeps.serviceOrders)');
  const options = job.data as { confirmAfterMs?: number };
  const result = await reconcileServiceOrders(deps.orm.em.fork(), deps.serviceOrders, { confirmAfterMs: options.confirmAfterMs });
  for (const divergence of result.diverged) {
    const log = divergence.repaired ? deps.log.warn.bind(deps.log) : deps.log.error.bind(deps.log);
    log({ orderNumber: divergence.orderNumber, fields: divergence.fields, repaired: divergence.repaired }, 'service order diverged from its workflow');
  }
  deps.log.info({ checked: result.checked, diverged: result.diverged.length }, 'service orders reconciled');
  return result;
};

/** Upserts the hourly schedule (idempotent); until Redis answers it tries again every 5 s. Returns the stop function. */
export function keepReconcileScheduled(queue: Queue, log: Logger, retryMs = 5000): () => void {
  let timer: NodeJS.Timeout | undefined;
  const upsert = async () => {
    try {
      await queue.upsertJobScheduler(RECONCILE_SCHEDULER_ID, { every: HOUR_MS }, {
        name: JOB_NAMES.reconcileServiceOrders, data: {}, opts: { attempts: 1, ...KEEP_FINISHED },
      });
      log.info('service-order reconcile scheduled hourly');
    } catch (error) {
      log.warn({ err: error }, 'could not schedule the service-order reconcile yet; will try again');
      timer = setTimeout(() => void upsert(), retryMs);
    }
  };
  void upsert();
  return () => clearTimeout(timer);
}
