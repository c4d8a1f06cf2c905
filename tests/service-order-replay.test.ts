/**
 * Orders in flight survive a deploy: a history recorded by the workflow code from before moves changed the state
 * only once recorded (the `state-after-record` patch) replays on today's code without a nondeterminism error.
 * The fixture is that earlier code's run of a meter-reading order (create, assign, schedule, start, complete).
 */
import { test } from 'uvu';
import { readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import proto from '@temporalio/proto';
import { workflowBundle } from './support/temporal-worker.js';

test('a meter-reading order recorded by the earlier workflow code (create → complete) replays on today’s code', async () => {
  // Saved as the client's fetchHistory() gave it (protobuf JSON); fromObject turns it back into a History.
  const json = JSON.parse(readFileSync(new URL('./support/service-order-history-before-patch.json', import.meta.url), 'utf8'));
  const history = proto.temporal.api.history.v1.History.fromObject(json);
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, 'service-order-before-patch');
});

test.run();
