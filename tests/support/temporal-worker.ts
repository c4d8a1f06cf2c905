/** A real Temporal worker for tests, in-process, on a task queue of its own. */
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { TemporalGateway } from '../../infra/temporal/temporal-connection.js';
import { logger } from '../../infra/logger.js';
import type { Orm } from '../../infra/database/orm.js';
import { createActivities } from '../../workers/temporal/activity-deps.js';
import type { ActivityFaults } from '../../workers/temporal/service-order.activities.js';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The real workflow bundle, built once per test process. */
export function workflowBundle() {
  bundle ??= bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('../../workflows/index.ts', import.meta.url)),
    logger: new DefaultLogger('WARN'),
  });
  return bundle;
}

export const testTemporalAddress = () => process.env.TEST_TEMPORAL_ADDRESS ?? process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';

export interface TestWorker {
  taskQueue: string;
  gateway: TemporalGateway;
  /** The gateway's workflow client, already loaded, for tests that call Temporal directly. */
  client: Client;
  stop(): Promise<void>;
}

/**
 * A real Temporal worker in this process, on a task queue of its own (so test files
 * sharing the run's dev server never pick up each other's workflows).
 */
let runtimeInstalled = false;

export async function startTestWorker(
  orm: Orm, taskQueue = `test-${randomBytes(4).toString('hex')}`, address = testTemporalAddress(), faults?: ActivityFaults,
): Promise<TestWorker> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection, namespace: 'default', taskQueue, workflowBundle: await workflowBundle(),
    activities: createActivities({ orm, log: logger(), faults }),
  });
  const running = worker.run();
  const gateway = new TemporalGateway(address, 'default');
  return {
    taskQueue,
    gateway,
    client: await gateway.workflowClient(),
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
      await gateway.close();
    },
  };
}
