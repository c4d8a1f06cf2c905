/** Which bench selections make `npm run bench` build `dist/` first: those with a bench that runs compiled code. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Bench } from './bench-kit.js';
import { needsBuild } from './compiled-build.js';
import { dashboardBench } from './dashboard.bench.js';
import { loadBench } from './load.bench.js';
import { metricsBench } from './metrics.bench.js';
import { notificationsBench } from './notifications.bench.js';
import { seedBench } from './seed.bench.js';
import { serviceOrdersBench } from './service-orders.bench.js';

const cases: Array<[string, Bench[], boolean]> = [
  ['nothing to run (--stale-only)', [], false],
  ['the seed alone', [seedBench], false],
  ['in-process benches only', [dashboardBench, metricsBench, notificationsBench], false],
  ['the load bench (compiled API and import:bills)', [loadBench], true],
  ['the service orders (compiled API and Temporal worker)', [serviceOrdersBench], true],
  ['the seed, then the load bench', [seedBench, loadBench], true],
];

for (const [name, selected, expected] of cases) {
  test(name, () => {
    assert.is(needsBuild(selected), expected);
  });
}

test.run();
