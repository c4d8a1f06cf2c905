/**
 * The service-orders bench's Temporal server: the one production runs (the server on PostgreSQL,
 * scripts/lib/temporal-server.ts), on free ports, with two databases named after the bench database
 * and dropped afterwards, so a run leaves nothing behind and never meets another run's server.
 * `BENCH_ORDERS_TEMPORAL=dev` runs the CLI's dev server (SQLite) instead, for comparison.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { dropDatabase } from '../../../infra/database/database-admin.js';
import { overTcp } from '../bench-database-url.js';
import { ensureTemporalPostgresServer, type TemporalServerPorts } from '../../lib/temporal-server.js';
import { ensureTemporalServer } from '../../lib/temporal-dev-server.js';

export interface BenchTemporal {
  address: string;
  /** The server's process id, for its CPU time. */
  pid: number;
  /** Its Prometheus endpoint. */
  metricsUrl: string;
  databases: string[];
  stop(): Promise<void>;
}

function hold(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const server = createServer().listen(port, '127.0.0.1', () => resolve(server)).on('error', () => resolve(null));
  });
}

/** Ten free ports; the four membership ports below 32768 (the server stores them in a smallint). */
async function freePorts(): Promise<TemporalServerPorts> {
  const held: Server[] = [];
  while (held.length < 10) {
    const probe = await hold(held.length < 4 ? 10_000 + Math.floor(Math.random() * 22_000) : 0);
    if (probe) held.push(probe);
  }
  const [frontendMembership, historyMembership, matchingMembership, workerMembership, frontend, frontendHttp, history, matching, worker, metrics] =
    held.map((probe) => (probe.address() as { port: number }).port);
  await Promise.all(held.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return { frontend, frontendHttp, frontendMembership, history, historyMembership, matching, matchingMembership, worker, workerMembership, metrics };
}

/** The CLI's dev server on SQLite, in a folder of its own (no Prometheus endpoint asked for). */
async function startDevServer(log: (line: string) => void): Promise<BenchTemporal> {
  const { frontend, frontendHttp } = await freePorts();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cistern-bench-temporal-dev-'));
  const address = `127.0.0.1:${frontend}`;
  const server = await ensureTemporalServer({ address, namespace: 'default', uiPort: frontendHttp, dataDir, log });
  if (!server.process?.pid) throw new Error('another Temporal server answered on the bench port');
  return {
    address, pid: server.process.pid, metricsUrl: '', databases: [],
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts the server for `databaseUrl`'s bench: databases `<name>_temporal` and `<name>_temporal_visibility`. */
export async function startBenchTemporal(databaseUrl: string, log: (line: string) => void): Promise<BenchTemporal> {
  if (process.env.BENCH_ORDERS_TEMPORAL === 'dev') return startDevServer(log);
  // The server's SQL store takes host:port only, so it reaches the bench's PostgreSQL over TCP.
  const url = new URL(overTcp(databaseUrl));
  const name = url.pathname.replace(/^\//, '');
  url.pathname = '';
  const postgresUrl = url.toString().replace(/\/$/, '');
  const databases = { main: `${name}_temporal`, visibility: `${name}_temporal_visibility` };
  for (const database of Object.values(databases)) await dropDatabase(`${postgresUrl}/${database}`); // a crashed run's leftovers
  const ports = await freePorts();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cistern-bench-temporal-'));
  const server = await ensureTemporalPostgresServer({ postgresUrl, databases, ports, namespace: 'default', dataDir, log });
  if (!server.process?.pid) throw new Error('another Temporal server answered on the bench port');
  return {
    address: `127.0.0.1:${ports.frontend}`,
    pid: server.process.pid,
    metricsUrl: `http://127.0.0.1:${ports.metrics}/metrics`,
    databases: Object.values(databases),
    async stop() {
      await server.stop();
      for (const database of Object.values(databases)) await dropDatabase(`${postgresUrl}/${database}`).catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
