/**
 * The floor of the read benchmarks: a bare Hono "hello" on the same Node, started the same way
 * as `npm start` (node:cluster, `API_PROCESSES` processes on one port). Plain Node runs this file
 * directly (type stripping), so no build step stands between it and the compiled API.
 */
import cluster from 'node:cluster';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const processes = Math.max(1, Number(process.env.API_PROCESSES ?? 1));
const port = Number(process.env.PORT ?? 3999);

if (cluster.isPrimary && processes > 1) {
  for (let i = 0; i < processes; i++) cluster.fork();
  process.once('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    process.exit(0);
  });
} else {
  const app = new Hono();
  app.get('*', (c) => c.json({ hello: 'world' }));
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  process.once('SIGTERM', () => process.exit(0));
}
