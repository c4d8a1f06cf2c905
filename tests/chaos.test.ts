/**
 * The chaos run at CI size (docs/operations.md#chaos): many copies of every process, workers SIGKILLed and
 * restarted, and still every order completed once, every notification sent once, no outbox row left.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runChaos } from './support/chaos-run.js';

// The 40 lifecycles now take about 10 s on a quiet machine: a kill every 2 s, and at least 3 kills before the
// chaos stops (a kill every 4 s once left only 2, and the check below failed on a fast run).
test('40 orders and 200 notifications through 2 APIs, 2 Temporal and 2 jobs workers while workers are killed', async () => {
  const result = await runChaos({ orders: 40, notifications: 200, killEveryMs: 2000, minimumKills: 3, concurrency: 6, timeoutMs: 120_000, say: (line) => process.stdout.write(`[chaos] ${line}\n`) });
  process.stdout.write(`[chaos] ${JSON.stringify(result)}\n`);
  assert.ok(result.kills >= 3, `workers were killed (${result.kills})`);
  assert.is(result.orders, 40);
  assert.is(result.completed, 40, 'every order completed');
  assert.is(result.ordersWithOneEffect, 40, 'exactly one completion each');
  assert.is(result.completionEffects, 40);
  assert.ok(result.notifications >= 200, `the run's 200 and the orders' own (${result.notifications})`);
  assert.is(result.unfinished, 0, 'every notification sent, or (killed mid-send) failed as delivery unknown');
  assert.is(result.sent + result.interrupted, result.notifications);
  assert.is(result.uniqueMessageIds, result.messageIds, 'no Message-ID twice');
  assert.ok(result.messageIds >= result.sent && result.messageIds <= result.sent + result.interrupted, 'one e-mail per sent notification, at most one per interrupted one');
  assert.is(result.outboxLeft, 0, 'no outbox row left behind');
  // One id follows a request: the API's line, the activity that recorded its move and the job it queued all carry it.
  assert.ok(result.correlatedRequestIds >= 1, `a request id in API, activity and job log lines (${result.correlatedRequestIds})`);
  assert.ok(result.nightlyRunsPerSlot.every((runs) => runs === 1), `the minute schedule ran once per slot: ${result.nightlyRunsPerSlot}`);
});

test.run();
