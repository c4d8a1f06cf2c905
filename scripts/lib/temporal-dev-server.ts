// A Temporal dev server for a run (tests, benchmarks, `npm run up`): started when none answers
// at the address, with its data folder and log, and stopped by whoever started it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { TemporalGateway } from '../../infra/temporal/temporal-connection.js';
import { stopChild } from './processes.js';
import { DATA_DIR } from './project-paths.js';
import { ensureTemporalCli } from './temporal-cli.js';

export interface DevServerOptions {
  address: string;
  namespace: string;
  uiPort: number;
  /**
   * The HTTP API's port. Left out, the dev server picks a free one itself, which can be the port just
   * found free for its gRPC address: a test run once failed so (bind: address already in use).
   */
  httpPort?: number;
  /** A folder of its own for the SQLite file and the log; tests pass a temporary one. */
  dataDir?: string;
  log?: (line: string) => void;
}

export interface DevServer {
  /** Null when an external server already answered and was left alone. */
  process: ChildProcess | null;
  stop(): Promise<void>;
}

export async function waitForTemporal(address: string, namespace: string, timeoutMs: number): Promise<boolean> {
  const gateway = new TemporalGateway(address, namespace);
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (await gateway.isHealthy(1000)) return true;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return false;
  } finally {
    await gateway.close();
  }
}

/**
 * Starts `temporal server start-dev` when nothing answers at the address (SQLite file
 * under .data so workflows survive restarts), and leaves an external server alone.
 */
export async function ensureTemporalServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? console.log;
  if (await waitForTemporal(options.address, options.namespace, 1500)) {
    log(`Temporal already answers at ${options.address}; using it.`);
    return { process: null, stop: async () => undefined };
  }
  const cli = await ensureTemporalCli(log);
  const dataDir = options.dataDir ?? path.join(DATA_DIR, 'temporal');
  mkdirSync(dataDir, { recursive: true });
  const [host, port] = options.address.split(':');
  const output = openSync(path.join(dataDir, 'server.log'), 'a');
  const child = spawn(cli, [
    'server', 'start-dev', '--ip', host, '--port', port, '--ui-port', String(options.uiPort),
    '--db-filename', path.join(dataDir, 'temporal.db'), '--namespace', options.namespace, '--log-level', 'warn',
    ...(options.httpPort ? ['--http-port', String(options.httpPort)] : []),
  ], { stdio: ['ignore', output, output] });
  log(`Starting the Temporal dev server at ${options.address} (UI on port ${options.uiPort})…`);
  if (!(await waitForTemporal(options.address, options.namespace, 60_000))) {
    await stopChild(child);
    throw new Error(`The Temporal dev server did not answer within 60 s; see ${path.join(dataDir, 'server.log')}`);
  }
  return { process: child, stop: () => stopChild(child) };
}
