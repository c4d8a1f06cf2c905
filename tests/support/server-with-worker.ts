/**
 * The app on a test database with a Temporal worker on a task queue of its own: what every test of a flow that starts
 * service-order workflows needs. The queue is the test's own, so test files running side by side never take each
 * other's workflow tasks.
 */
import { randomBytes } from 'node:crypto';
import { startTestServer, type TestServer } from './app-server.js';
import { startTestWorker, type TestWorker } from './temporal-worker.js';

export interface ServerWithWorker {
  server: TestServer;
  worker: TestWorker;
  /** Stops the worker, then the app and its database. */
  close(): Promise<void>;
}

/** Starts both; `label` names the test database and the task queue, `env` adds settings (the queue's is set here). */
export async function startServerWithWorker(label: string, env: Record<string, string> = {}): Promise<ServerWithWorker> {
  const taskQueue = `${label}-${randomBytes(4).toString('hex')}`;
  const server = await startTestServer(label, {}, { ...env, TEMPORAL_TASK_QUEUE: taskQueue });
  const worker = await startTestWorker(server.db.orm, taskQueue);
  return {
    server, worker,
    async close() {
      await worker.stop();
      await server.close();
    },
  };
}
