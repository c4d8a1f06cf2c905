/**
 * The jobs process: one BullMQ Worker per queue, each job dispatched through the
 * catalogue, and the outbox relay that delivers intents to Temporal (and BullMQ).
 * SIGTERM lets running jobs and the current relay pass finish before closing.
 */
import { MetricsTime, Worker } from 'bullmq';
import { config } from '../infra/config.js';
import { createOutboxRelay, enqueueWaitingOrders, temporalHandlers } from '../infra/outbox/outbox-relay.js';
import { TemporalGateway } from '../infra/temporal/temporal-connection.js';
import { logger } from '../infra/logger.js';
import { openOrm } from '../infra/database/orm.js';
import { checkAutovacuum } from '../infra/database/autovacuum-check.js';
import { handlerFor } from './jobs/job-catalogue.js';
import { assertCatalogueComplete } from './jobs/job-catalogue.js';
import { bullmqHandlers } from '../infra/outbox/outbox-relay.js';
import { openJobQueues } from '../infra/queues/job-queues.js';
import { openRedis } from '../infra/queues/redis-connection.js';
import { closeConfiguredJobServices } from './jobs/job-services.js';
import { keepMetricsScheduled } from './jobs/metrics-scheduler.js';
import { keepSweepingLostJobs } from '../infra/outbox/lost-job-sweeper.js';
import { keepReconcileScheduled } from './jobs/reconcile-service-orders.job.js';
import { temporalServiceOrderWorkflows } from '../infra/temporal/service-order-workflows.js';
import { scheduleSignInCleanup } from './jobs/sign-in-cleanup.job.js';
import { concurrencyOf, QUEUE_NAMES, workerConnection } from '../infra/queues/worker-connection.js';

const settings = config();
const log = logger().child({ process: 'jobs-worker' });
const orm = await openOrm(settings.DATABASE_URL, { poolMax: 10 });
const temporal = new TemporalGateway(settings.TEMPORAL_ADDRESS, settings.TEMPORAL_NAMESPACE);
const deps = { orm, log, serviceOrders: temporalServiceOrderWorkflows(await temporal.workflowClient(), settings.TEMPORAL_TASK_QUEUE) };
// Every job the relay, the scheduler or the API can enqueue has a handler, or the worker does not start.
assertCatalogueComplete();
// Producer side for the relay and the scheduler: a fail-fast client, so a Redis outage leaves outbox rows waiting.
const producerRedis = openRedis(settings.REDIS_URL, 'cistern-jobs-producer');
const jobQueues = openJobQueues(producerRedis, settings.REDIS_PREFIX);

const workers = Object.values(QUEUE_NAMES).map((queue) => {
  const worker = new Worker(queue, async (job) => {
    // The request that caused the job, when one did (the outbox payload carries it): its lines follow that request.
    const requestId = typeof job.data?.requestId === 'string' ? job.data.requestId : undefined;
    const jobLog = log.child({ queue, jobId: job.id, job: job.name, ...(requestId && { requestId }) });
    return handlerFor(queue, job.name)(job, { ...deps, log: jobLog });
  }, {
    connection: workerConnection(settings.REDIS_URL), prefix: settings.REDIS_PREFIX, concurrency: concurrencyOf(queue, settings),
    // Completed and failed counts per minute, kept in Redis for every worker alike: /metrics reads them (cistern_jobs_total).
    metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
  });
  worker.on('failed', (job, error) => log.warn({ queue, jobId: job?.id, err: error }, 'job failed'));
  worker.on('error', (error) => log.error({ queue, err: error }, 'queue worker error'));
  return worker;
});

const relay = createOutboxRelay({ orm, log: log.child({ component: 'outbox-relay' }), handlers: { ...temporalHandlers(temporal, settings.TEMPORAL_TASK_QUEUE), ...bullmqHandlers(jobQueues, { timeZone: settings.UTILITY_TIME_ZONE, now: () => new Date() }) } });
const stopRelay = relay.start(1000);
// Notifications whose jobs Redis lost (flushed, restarted empty) are enqueued again, once a minute.
const stopSweeping = keepSweepingLostJobs(orm, jobQueues, log.child({ component: 'lost-job-sweeper' }));
void scheduleSignInCleanup(jobQueues.metrics, settings.UTILITY_TIME_ZONE)
  .catch((error) => log.warn({ err: error }, 'could not schedule the nightly sign-in clean-up; the next worker start will'));
const stopScheduling = keepMetricsScheduled(jobQueues.metrics, orm, settings.UTILITY_TIME_ZONE, log.child({ component: 'metrics-scheduler' }));
const stopReconcileScheduling = keepReconcileScheduled(jobQueues.metrics, log.child({ component: 'reconcile-scheduler' }));
// Orders recorded without a start intent (bulk-loaded demo data) get one, once a minute.
const reconcile = setInterval(() => void enqueueWaitingOrders(orm).catch((error) => log.error({ err: error }, 'reconcile failed')), 60_000);
void enqueueWaitingOrders(orm).catch((error) => log.error({ err: error }, 'reconcile failed'));

log.info({ queues: Object.values(QUEUE_NAMES) }, 'Jobs worker running');
void checkAutovacuum(orm, log).catch((error) => log.warn({ err: error }, 'could not read the server\'s autovacuum setting'));
// Ctrl-C in a terminal signals the whole process group, and the launcher then sends SIGTERM too: close once.
let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'Jobs worker closing');
    clearInterval(reconcile);
    await stopRelay();
    stopScheduling();
    stopSweeping();
    stopReconcileScheduling();
    await Promise.allSettled(workers.map((worker) => worker.close()));
    await jobQueues.close();
    producerRedis.disconnect();
    await closeConfiguredJobServices();
    await Promise.allSettled([orm.close(), temporal.close()]);
    process.exit(0);
  });
}
