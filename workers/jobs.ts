import { Worker } from 'bullmq';
import { config } from '../domain/config.js';
import { createOutboxRelay, enqueueWaitingOrders, temporalHandlers } from '../domain/infra/outbox-relay.js';
import { TemporalGateway } from '../domain/infra/temporal-connection.js';
import { logger } from '../domain/logger.js';
import { openOrm } from '../domain/orm.js';
import { handlerFor } from './job-catalogue.js';
import { QUEUE_NAMES, workerConnection } from './queues.js';

/**
 * The jobs process: one BullMQ Worker per queue, each job dispatched through the
 * catalogue, and the outbox relay that delivers intents to Temporal (and BullMQ).
 * SIGTERM lets running jobs and the current relay pass finish before closing.
 */
const settings = config();
const log = logger().child({ process: 'jobs-worker' });
const orm = await openOrm(settings.DATABASE_URL, { poolMax: 10 });
const temporal = new TemporalGateway(settings.TEMPORAL_ADDRESS, settings.TEMPORAL_NAMESPACE);
const deps = { orm, log };

const workers = Object.values(QUEUE_NAMES).map((queue) => {
  const worker = new Worker(queue, async (job) => {
    const jobLog = log.child({ queue, jobId: job.id, job: job.name });
    return handlerFor(queue, job.name)(job, { ...deps, log: jobLog });
  }, { connection: workerConnection(settings.REDIS_URL), prefix: settings.REDIS_PREFIX, concurrency: 4 });
  worker.on('failed', (job, error) => log.warn({ queue, jobId: job?.id, err: error }, 'job failed'));
  worker.on('error', (error) => log.error({ queue, err: error }, 'queue worker error'));
  return worker;
});

const relay = createOutboxRelay({ orm, log: log.child({ component: 'outbox-relay' }), handlers: temporalHandlers(temporal, settings.TEMPORAL_TASK_QUEUE) });
const stopRelay = relay.start(1000);
// Orders recorded without a start intent (bulk-loaded demo data) get one, once a minute.
const reconcile = setInterval(() => void enqueueWaitingOrders(orm).catch((error) => log.error({ err: error }, 'reconcile failed')), 60_000);
void enqueueWaitingOrders(orm).catch((error) => log.error({ err: error }, 'reconcile failed'));

log.info({ queues: Object.values(QUEUE_NAMES) }, 'Jobs worker running');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    log.info({ signal }, 'Jobs worker closing');
    clearInterval(reconcile);
    await stopRelay();
    await Promise.allSettled(workers.map((worker) => worker.close()));
    await Promise.allSettled([orm.close(), temporal.close()]);
    process.exit(0);
  });
}
