/**
 * What a browser test of a flow that starts service orders needs: the app on a test database, a Temporal worker on
 * a task queue of its own (so parallel test files never take each other's workflows), and a browser.
 */
import { randomBytes } from 'node:crypto';
import { launchBrowser, type TestBrowser } from './browser.js';
import { startTestServer, type TestServer } from './app-server.js';
import { startTestWorker, type TestWorker } from './temporal-worker.js';

export interface BrowserWorld {
  server: TestServer;
  worker: TestWorker;
  browser: TestBrowser;
  /** Closes the browser, then the worker, then the app and its database. */
  close(): Promise<void>;
}

/** Starts the three; `label` names the test database and the task queue. */
export async function startBrowserWorld(label: string): Promise<BrowserWorld> {
  const taskQueue = `${label}-${randomBytes(4).toString('hex')}`;
  const server = await startTestServer(label, {}, { TEMPORAL_TASK_QUEUE: taskQueue });
  const worker = await startTestWorker(server.db.orm, taskQueue);
  const browser = await launchBrowser();
  return {
    server, worker, browser,
    async close() {
      await browser.close();
      await worker.stop();
      await server.close();
    },
  };
}
