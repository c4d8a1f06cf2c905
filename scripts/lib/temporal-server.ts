// The production-like Temporal engine on a plain machine: the Temporal server (v1.29.1) on PostgreSQL,
// built into .tools/bin, its two databases prepared with temporal-sql-tool, its config written and the namespace registered.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { parse, stringify } from 'yaml';
import { createDatabaseIfMissing } from '../../infra/database/database-admin.js';
import { goInstall, isExecutable } from './go-install.js';
import { stopChild } from './processes.js';
import { TOOLS_BIN } from './project-paths.js';
import { waitForTemporal, type DevServer } from './temporal-dev-server.js';

const run = promisify(execFile);
export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
export const SERVER_BINARY = path.join(TOOLS_BIN, 'temporal-server');
export const SQL_TOOL_BINARY = path.join(TOOLS_BIN, 'temporal-sql-tool');

/**
 * Every port the server listens on (all on 127.0.0.1); `portsFrom` lays them out like the module's sample
 * config. Membership ports are stored in a smallint column, so they must stay below 32768.
 */
export interface TemporalServerPorts {
  frontend: number; frontendHttp: number; frontendMembership: number;
  history: number; historyMembership: number;
  matching: number; matchingMembership: number;
  worker: number; workerMembership: number;
  metrics: number;
}

/** 7233 → 7233 (gRPC), 7243 (HTTP), 7234/7235/7239 (history, matching, worker), 6933… (membership), 8000 (Prometheus). */
export function portsFrom(frontend: number): TemporalServerPorts {
  return {
    frontend, frontendHttp: frontend + 10, frontendMembership: frontend - 300,
    history: frontend + 1, historyMembership: frontend - 299,
    matching: frontend + 2, matchingMembership: frontend - 298,
    worker: frontend + 6, workerMembership: frontend - 294,
    metrics: frontend + 767,
  };
}

export interface TemporalServerOptions {
  /** The PostgreSQL server (no database in the path), e.g. postgres://postgres@127.0.0.1:5432. */
  postgresUrl: string;
  databases: { main: string; visibility: string };
  ports: TemporalServerPorts;
  namespace: string;
  /** Config and log folder. */
  dataDir: string;
  /** Connections per Temporal service (4 in one process) to each database; DEFAULT_POOLS unless told. */
  pools?: TemporalServerPools;
  log?: (line: string) => void;
}

/** Each of the server's four services (frontend, history, matching, worker) opens its own pools of these sizes. */
export interface TemporalServerPools { main: number; visibility: number }

/**
 * The sample config's 20 + 2 per service come to 88 connections, most of a PostgreSQL shared with the
 * app (max_connections 100): 6 + 2 per service is 32 at most. Not yet measured against the 20 + 2 under
 * the service-orders bench; raise `main` if its history service is seen waiting for connections.
 */
export const DEFAULT_POOLS: TemporalServerPools = { main: 6, visibility: 2 };

/** Builds temporal-server and temporal-sql-tool into .tools/bin unless both are there. */
export async function ensureServerBinaries(log: (line: string) => void): Promise<void> {
  if (isExecutable(SERVER_BINARY) && isExecutable(SQL_TOOL_BINARY)) return;
  // `go install` names them `server` and `sql`: build in a folder of our own, then give them telling names.
  const staging = path.join(TOOLS_BIN, `.build-temporal-server-${process.pid}`);
  await goInstall([`${TEMPORAL_SERVER_MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`, `${TEMPORAL_SERVER_MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`],
    `the Temporal server ${TEMPORAL_SERVER_VERSION} and temporal-sql-tool`, log, 10_000, staging);
  renameSync(path.join(staging, 'server'), SERVER_BINARY);
  renameSync(path.join(staging, 'sql'), SQL_TOOL_BINARY);
  rmSync(staging, { recursive: true, force: true });
}

/** The server module's folder in Go's module cache (its schema and sample config live there). */
async function serverModuleDir(): Promise<string> {
  const { stdout } = await run('go', ['mod', 'download', '-json', `${TEMPORAL_SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}`]);
  return (JSON.parse(stdout) as { Dir: string }).Dir;
}

/** Temporal's own bookkeeping table in each of its databases (not ours, so no entity describes it). */
interface TemporalSchemaTables { schema_version: { version_partition: number; db_name: string; curr_version: string | null } }

async function schemaVersion(databaseUrl: string, name: string): Promise<string | null> {
  const database = new Kysely<TemporalSchemaTables>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }) });
  try {
    const row = await database.selectFrom('schema_version').select('curr_version')
      .where('version_partition', '=', 0).where('db_name', '=', name).executeTakeFirst();
    return row?.curr_version ?? null;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return null; // no schema_version table yet
    throw error;
  } finally {
    await database.destroy();
  }
}

const versionNumber = (version: string) => version.replace(/^v/, '').split('.').map(Number);
const newer = (a: string, b: string) => {
  const [x, y] = [versionNumber(a), versionNumber(b)];
  return x[0] !== y[0] ? x[0] > y[0] : x[1] > y[1];
};

/** The highest version among a schema's `versioned/vX.Y` folders. */
function latestSchemaVersion(versionedDir: string): string {
  return readdirSync(versionedDir).map((dir) => dir.replace(/^v/, '')).reduce((best, v) => (newer(v, best) ? v : best), '0.0');
}

/**
 * Creates one Temporal database and brings its schema to the module's latest version; a database
 * already at that version is left alone (its `schema_version` row is read first).
 */
async function prepareDatabase(options: TemporalServerOptions, name: string, versionedDir: string, log: (line: string) => void) {
  const server = new URL(options.postgresUrl);
  const databaseUrl = `${options.postgresUrl.replace(/\/$/, '')}/${name}`;
  const latest = latestSchemaVersion(versionedDir);
  const current = await schemaVersion(databaseUrl, name).catch(() => null);
  if (current && !newer(latest, current)) return;
  const tool = (...args: string[]) => run(SQL_TOOL_BINARY, [
    '--plugin', 'postgres12', '--endpoint', server.hostname, '--port', server.port || '5432',
    '--user', decodeURIComponent(server.username || 'postgres'), '--password', decodeURIComponent(server.password), '--database', name, ...args,
  ]);
  log(`Preparing Temporal database ${name}: schema ${current ?? 'none'} → ${latest}…`);
  await createDatabaseIfMissing(databaseUrl);
  if (!current) await tool('setup-schema', '-v', '0.0');
  await tool('update-schema', '-d', versionedDir);
}

/** The module's development-postgres12.yaml with our databases, user and ports. */
function serverConfig(moduleDir: string, options: TemporalServerOptions, dynamicConfigFile: string) {
  const config = parse(readFileSync(path.join(moduleDir, 'config', 'development-postgres12.yaml'), 'utf8'));
  const server = new URL(options.postgresUrl);
  const { ports } = options;
  config.log = { stdout: true, level: 'warn' };
  const pools = options.pools ?? DEFAULT_POOLS;
  const stores = [['postgres-default', options.databases.main, pools.main], ['postgres-visibility', options.databases.visibility, pools.visibility]] as const;
  for (const [store, databaseName, maxConns] of stores) {
    Object.assign(config.persistence.datastores[store].sql, {
      databaseName, connectAddr: `${server.hostname}:${server.port || 5432}`,
      user: decodeURIComponent(server.username || 'postgres'), password: decodeURIComponent(server.password),
      maxConns, maxIdleConns: maxConns,
    });
  }
  delete config.global.pprof;
  config.global.metrics.prometheus.listenAddress = `127.0.0.1:${ports.metrics}`;
  config.services = {
    frontend: { rpc: { grpcPort: ports.frontend, membershipPort: ports.frontendMembership, httpPort: ports.frontendHttp, bindOnLocalHost: true } },
    history: { rpc: { grpcPort: ports.history, membershipPort: ports.historyMembership, bindOnLocalHost: true } },
    matching: { rpc: { grpcPort: ports.matching, membershipPort: ports.matchingMembership, bindOnLocalHost: true } },
    worker: { rpc: { grpcPort: ports.worker, membershipPort: ports.workerMembership, bindOnLocalHost: true } },
  };
  config.clusterMetadata.clusterInformation.active.rpcAddress = `127.0.0.1:${ports.frontend}`;
  config.dynamicConfigClient = { filepath: dynamicConfigFile, pollInterval: '10s' };
  return config;
}

/** The module's dynamic config for SQL stores, with the Nexus callback pointed at our HTTP port. */
function dynamicConfig(moduleDir: string, ports: TemporalServerPorts) {
  const values = parse(readFileSync(path.join(moduleDir, 'config', 'dynamicconfig', 'development-sql.yaml'), 'utf8'));
  values['component.nexusoperations.callback.endpoint.template'] = [
    { value: `http://127.0.0.1:${ports.frontendHttp}/namespaces/{{.NamespaceName}}/nexus/callback` },
  ];
  return values;
}

/** Registers the namespace unless it exists, then waits until the frontend serves it. */
async function ensureNamespace(address: string, namespace: string, log: (line: string) => void) {
  const connection = await Connection.connect({ address, connectTimeout: '5s' });
  try {
    const service = connection.workflowService;
    const exists = await service.describeNamespace({ namespace }).then(() => true, () => false);
    if (!exists) {
      log(`Registering the Temporal namespace ${namespace}…`);
      await service.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('3 days') });
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await service.describeTaskQueue({ namespace, taskQueue: { name: 'cistern-namespace-probe' }, taskQueueType: 1 });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`Namespace ${namespace} not served after 30 s: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  } finally {
    await connection.close();
  }
}

/**
 * Starts the PostgreSQL-backed Temporal server unless one answers at the frontend port: builds the
 * binaries (first run), prepares both databases, writes the config, starts it and registers the namespace.
 */
export async function ensureTemporalPostgresServer(options: TemporalServerOptions): Promise<DevServer> {
  const log = options.log ?? console.log;
  const address = `127.0.0.1:${options.ports.frontend}`;
  if (await waitForTemporal(address, options.namespace, 1500)) {
    log(`Temporal already answers at ${address}; using it.`);
    return { process: null, stop: async () => undefined };
  }
  await ensureServerBinaries(log);
  const moduleDir = await serverModuleDir();
  const schemaDir = path.join(moduleDir, 'schema', 'postgresql', 'v12');
  await prepareDatabase(options, options.databases.main, path.join(schemaDir, 'temporal', 'versioned'), log);
  await prepareDatabase(options, options.databases.visibility, path.join(schemaDir, 'visibility', 'versioned'), log);

  const configDir = path.join(options.dataDir, 'config');
  mkdirSync(configDir, { recursive: true });
  const dynamicConfigFile = path.join(configDir, 'dynamic.yaml');
  writeFileSync(dynamicConfigFile, stringify(dynamicConfig(moduleDir, options.ports)));
  writeFileSync(path.join(configDir, 'development.yaml'), stringify(serverConfig(moduleDir, options, dynamicConfigFile)));

  const logFile = path.join(options.dataDir, 'server.log');
  const output = openSync(logFile, 'a');
  const child = spawn(SERVER_BINARY, ['--root', options.dataDir, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'], {
    stdio: ['ignore', output, output],
  });
  log(`Starting the Temporal server on PostgreSQL at ${address} (databases ${options.databases.main}, ${options.databases.visibility})…`);
  const exited = new Promise<boolean>((resolve) => child.once('exit', () => resolve(false)));
  try {
    const answered = await Promise.race([waitForTemporal(address, options.namespace, 90_000), exited]);
    if (!answered) throw new Error(`did not come up (stopped or no answer within 90 s); see the end of ${logFile}`);
    await ensureNamespace(address, options.namespace, log);
  } catch (error) {
    await stopChild(child);
    throw new Error(`The Temporal server ${(error as Error).message}`);
  }
  return { process: child, stop: () => stopChild(child) };
}
