/**
 * The fuzzer: every operation of the app's own OpenAPI document and every page route, for
 * each caller (none, agent, dispatcher, admin), with malformed JSON, wrong types, boundary
 * numbers, odd strings and impossible path ids. It passes only with no 5xx at all and
 * /health ok afterwards. FUZZ_REQUESTS (default 1,200; `npm run fuzz` sends 6,000) and
 * FUZZ_SEED (printed, to replay a run) steer it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestServer, type TestServer } from './support/app-server.js';
import { CALLERS, apiRequest, type FuzzRequest } from './support/fuzz/fuzz-requests.js';
import { describeFailures, sendAll } from './support/fuzz/fuzz-run.js';
import { type FuzzTarget, prepareFuzzTarget } from './support/fuzz/fuzz-target.js';
import { Rng } from './support/fuzz/odd-values.js';
import { pageRequest } from './support/fuzz/page-requests.js';

let server: TestServer;
let target: FuzzTarget;

test.before(async () => {
  server = await startTestServer('fuzz');
  target = await prepareFuzzTarget(server);
});
test.after(async () => server.close());

/** Three API requests, then one page request; each round of operations is repeated for the next caller. */
function requestMaker(rng: Rng): (i: number) => FuzzRequest {
  const { operations, pages } = target;
  return (i) => {
    if (i % 4 === 3) {
      const p = (i - 3) / 4;
      const caller = CALLERS[Math.floor(p / pages.length) % CALLERS.length];
      return pageRequest(pages[p % pages.length], caller, target.sessions, target.fields, target.known, target.baseUrl, rng);
    }
    const a = i - Math.floor((i + 1) / 4);
    const caller = CALLERS[Math.floor(a / operations.length) % CALLERS.length];
    return apiRequest(operations[a % operations.length], caller, target.auth, target.known, rng);
  };
}

test('odd input to every operation and page, for every caller: no 5xx, and /health ok afterwards', async () => {
  const total = Number(process.env.FUZZ_REQUESTS ?? 1200);
  const seed = Number(process.env.FUZZ_SEED ?? 20261130);
  assert.ok(target.operations.length >= 40, `only ${target.operations.length} operations in the OpenAPI document`);
  assert.ok(target.pages.length >= 30, `only ${target.pages.length} page routes`);
  const tally = await sendAll(target.baseUrl, total, requestMaker(new Rng(seed)));
  const statuses = Object.entries(tally.byStatus).sort().map(([status, n]) => `${n} × ${status}`).join(', ');
  console.log(`fuzz: ${tally.sent} requests (seed ${seed}, ${target.operations.length} operations, ${target.pages.length} page routes): ${statuses}`);
  assert.is(tally.sent, total);
  assert.is(tally.failures.length, 0, `5xx or no answer:\n${describeFailures(tally.failures)}`);
  // A fuzzer that only ever hears 401 or 404 tests nothing: it must get through to the handlers.
  const count = (pattern: RegExp) => Object.entries(tally.byStatus).filter(([s]) => pattern.test(s)).reduce((n, [, c]) => n + c, 0);
  assert.ok(count(/^2/) >= total * 0.05, `too few successes: ${statuses}`);
  assert.ok(count(/^422$/) >= total * 0.05, `too few 422s: ${statuses}`);
  const health = await fetch(`${target.baseUrl}/health`);
  assert.is(health.status, 200);
  assert.is(((await health.json()) as { status: string }).status, 'ok');
});

test.run();
