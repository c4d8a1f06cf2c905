/**
 * `npm run temporal:server [-- --port 7233 --namespace default]`: the Temporal server on PostgreSQL on this
 * machine (built on first run, databases prepared, namespace registered); runs until Ctrl-C. Data in .data/temporal-server/.
 */
import path from 'node:path';
import { DATA_DIR } from './lib/project-paths.js';
import { ensureTemporalPostgresServer, portsFrom } from './lib/temporal-server.js';
import { readCommandLine } from './lib/command-line.js';

const USAGE = 'usage: npm run temporal:server -- [--port 7233] [--namespace default] [--postgres URL] [--database cistern_temporal]';
const { values } = readCommandLine({
  options: {
    port: { type: 'string', default: process.env.TEMPORAL_SERVER_PORT ?? '7233' },
    namespace: { type: 'string', default: process.env.TEMPORAL_NAMESPACE ?? 'default' },
    postgres: { type: 'string', default: process.env.TEMPORAL_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432' },
    database: { type: 'string', default: 'cistern_temporal' },
  },
}, USAGE);
const say = (line: string) => process.stdout.write(`[temporal-server] ${line}\n`);
const server = await ensureTemporalPostgresServer({
  postgresUrl: values.postgres, ports: portsFrom(Number(values.port)), namespace: values.namespace,
  databases: { main: values.database, visibility: `${values.database}_visibility` },
  dataDir: path.join(DATA_DIR, 'temporal-server'), log: say,
});
if (!server.process) process.exit(0);
say(`Running at 127.0.0.1:${values.port}, namespace ${values.namespace}; log in .data/temporal-server/server.log. Ctrl-C stops it.`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await server.stop();
    process.exit(0);
  });
}
