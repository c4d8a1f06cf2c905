/**
 * Changing workflow code safely (docs/architecture.md#changing-workflow-code): every recorded history of the
 * service-order workflow replays against the current code without a non-determinism error, and the recordings
 * together cover every path (each move, each timer firing, each activity). No Temporal server is needed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { ServiceOrderActivities } from '../domain/service-orders/service-order-workflow.js';
import { workflowBundle } from './support/temporal-worker.js';
import { loadHistoryFixtures } from './support/workflow-histories.js';

const fixtures = loadHistoryFixtures();
Runtime.install({ logger: new DefaultLogger('ERROR') });

test('every recorded history replays against the current workflow code', async () => {
  const failures: string[] = [];
  const replays = Worker.runReplayHistories(
    { workflowBundle: await workflowBundle() },
    fixtures.map(({ name, history }) => ({ workflowId: name, history })),
  );
  let replayed = 0;
  for await (const result of replays) {
    replayed++;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
  }
  assert.is(replayed, fixtures.length);
  assert.equal(failures, [], `non-deterministic against the recorded histories:\n${failures.join('\n')}`);
});

/** What the recordings exercise: the updates accepted, the timers fired, the local activities run, how runs end. */
function coverage() {
  const updates = new Set<string>();
  const activities = new Set<string>();
  const events = new Set<string>();
  for (const { history } of fixtures) {
    for (const event of history.events) {
      for (const [key, value] of Object.entries(event)) if (key.endsWith('EventAttributes') && value) events.add(key.replace(/EventAttributes$/, ''));
      const accepted = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
      if (accepted) updates.add(accepted);
      const marker = event.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
      if (marker) activities.add((JSON.parse(Buffer.from(marker).toString('utf8')) as { activity_type: string }).activity_type);
    }
  }
  return { updates, activities, events };
}

test('the recordings cover every move, every timer path and every activity', () => {
  const { updates, activities, events } = coverage();
  assert.equal([...updates].sort(), ['assign', 'cancel', 'complete', 'schedule', 'start']);
  const everyActivity: (keyof ServiceOrderActivities)[] = ['closeWorkflow', 'completeOrder', 'markOverdue', 'recordTransition', 'sendAppointmentReminder'];
  assert.equal([...activities].sort(), everyActivity);
  for (const kind of ['timerFired', 'timerCanceled', 'workflowExecutionCompleted']) assert.ok(events.has(kind), kind);
  const names = fixtures.map((f) => f.name);
  for (const status of ['created', 'assigned', 'scheduled', 'in-progress']) assert.ok(names.includes(`cancel-when-${status}`), `cancel when ${status}`);
});

test.run();
