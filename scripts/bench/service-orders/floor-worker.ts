/**
 * The floor's Temporal worker: the no-op workflow (floor.workflow.ts) on its own task queue, with the
 * production worker's tuning (workers/temporal/worker-tuning.ts) and the same Temporal server, so the
 * bench can set a service-order lifecycle beside the cheapest one Temporal can run here.
 * Env: TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE. Stops on SIGTERM.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { WORKER_TUNING } from '../../../workers/temporal/worker-tuning.js';

Runtime.install({ logger: new DefaultLogger('WARN') });
const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const taskQueue = process.env.TEMPORAL_TASK_QUEUE ?? 'bench-floor';
const workflowBundle = await bundleWorkflowCode({
  workflowsPath: fileURLToPath(new URL('./floor.workflow.ts', import.meta.url)),
  logger: new DefaultLogger('WARN'),
});
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({ connection, namespace: 'default', taskQueue, workflowBundle, shutdownGraceTime: '10s', ...WORKER_TUNING });
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => worker.shutdown());
await worker.run();
await connection.close();
