/**
 * `npm start`: the production API, as several processes on one port (`API_PROCESSES`, default one per
 * core). Node's cluster hands each new connection to one of the processes; each is a whole API
 * (api/server.ts) with its own pools, so one that dies is replaced without the others noticing.
 * SIGTERM reaches every process, which drains (docs/operations.md#graceful-drain) and exits.
 */
import cluster from 'node:cluster';
import os from 'node:os';
import { config } from '../infra/config.js';
import { logger } from '../infra/logger.js';
import { withApiHeapFlags } from './platform/api-heap.js';

const log = logger().child({ process: 'api-primary' });

/** How many API processes: the setting, or one per core the machine offers. */
function apiProcessCount(setting: number, cores = os.availableParallelism()): number {
  return setting > 0 ? setting : Math.max(1, cores);
}

/** A process that exits unasked is replaced, but not in a tight loop when it cannot start at all. */
const RESTART_DELAY_MS = 1000;

function runPrimary(count: number) {
  let stopping = false;
  // Each API process gets the heap settings (api/platform/api-heap.ts), however the primary was started.
  cluster.setupPrimary({ execArgv: withApiHeapFlags(process.execArgv) });
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log.warn({ pid: worker.process.pid, code, signal }, 'API process exited; starting another');
    setTimeout(() => cluster.fork(), RESTART_DELAY_MS);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stopping = true;
      log.info({ signal }, 'stopping the API processes');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    });
  }
  log.info({ processes: count, port: config().PORT }, 'API processes starting');
}

const count = apiProcessCount(config().API_PROCESSES);
if (cluster.isPrimary && count > 1) runPrimary(count);
else await import('./server.js');
