/**
 * What a browser test of a flow that starts service orders needs: the app with a Temporal worker on a task queue of
 * its own (server-with-worker.ts), and a browser.
 */
import { launchBrowser, type TestBrowser } from './browser.js';
import { startServerWithWorker, type ServerWithWorker } from './server-with-worker.js';

export interface BrowserWorld extends ServerWithWorker {
  browser: TestBrowser;
}

/** Starts the three; `label` names the test database and the task queue. Closing closes the browser first. */
export async function startBrowserWorld(label: string): Promise<BrowserWorld> {
  const app = await startServerWithWorker(label);
  const browser = await launchBrowser();
  return {
    ...app, browser,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}
