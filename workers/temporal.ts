/**
 * The Temporal worker process: the workflow bundle is built once at start, activities come from
 * a factory with their dependencies, SIGTERM drains. Run more copies for throughput (one task queue).
 */
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { config } from '../infra/config.js';
import { logger } from '../infra/logger.js';
import { openOrm } from '../infra/database/orm.js';
import { createActivities } from './temporal/activity-deps.js';
import { WORKER_TUNING } from './temporal/worker-tuning.js';

const settings = config();
const log = logger().child({ process: 'temporal-worker' });
// The SDK's own log lines go through our JSON logger, at warning and above.
Runtime.install({
  logger: new DefaultLogger('WARN', ({ level, message, meta }) => log[level === 'ERROR' ? 'error' : 'warn']({ sdk: meta }, message)),
});

async function connectWithRetry(): Promise<NativeConnection> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect({ address: settings.TEMPORAL_ADDRESS });
    } catch (error) {
      if (attempt % 10 === 1) log.warn({ err: error, attempt }, 'Temporal not reachable yet; retrying');
      await new Promise((resolve) => setTimeout(resolve, Math.min(attempt * 500, 5000)));
    }
  }
}

const workflowBundle = await bundleWorkflowCode({
  // The compiled build (npm start) runs from dist/ with .js files beside this one; development from the .ts sources.
  workflowsPath: fileURLToPath(new URL(`../workflows/index${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url)),
  logger: new DefaultLogger('WARN', ({ message }) => log.warn(message)),
});
const orm = await openOrm(settings.DATABASE_URL, { poolMax: 10 });
const connection = await connectWithRetry();
const worker = await Worker.create({
  connection,
  namespace: settings.TEMPORAL_NAMESPACE,
  taskQueue: settings.TEMPORAL_TASK_QUEUE,
  workflowBundle,
  activities: createActivities({ orm, log }),
  shutdownGraceTime: '10s',
  ...WORKER_TUNING,
});
// Ctrl-C in a terminal signals the whole process group, and the launcher then sends SIGTERM too: drain once.
let draining = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    if (draining) return;
    draining = true;
    log.info({ signal }, 'Temporal worker draining');
    worker.shutdown();
  });
}
log.info({ taskQueue: settings.TEMPORAL_TASK_QUEUE }, 'Temporal worker running');
await worker.run();
await Promise.allSettled([orm.close(), connection.close()]);
log.info('Temporal worker stopped');
