import { Worker } from 'bullmq';
import { config } from '../domain/config.js';
import { logger } from '../domain/logger.js';
import { openOrm } from '../domain/orm.js';
import { handlerFor } from './job-catalogue.js';
import { QUEUE_NAMES, workerConnection } from './queues.js';

/**
 * The BullMQ worker process: one Worker per queue, each job dispatched through the
 * catalogue; SIGTERM lets running jobs finish before closing.
 */
const settings = config();
const log = logger().child({ process: 'jobs-worker' });
const orm = await openOrm(settings.DATABASE_URL, { poolMax: 10 });
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

log.info({ queues: Object.values(QUEUE_NAMES) }, 'Jobs worker running');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    log.info({ signal }, 'Jobs worker closing');
    await Promise.allSettled(workers.map((worker) => worker.close()));
    await orm.close();
    process.exit(0);
  });
}
