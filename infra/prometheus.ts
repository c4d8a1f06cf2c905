/** Prometheus metrics of this process, scraped by ops from GET /metrics with an admin token. */
import { Hono } from 'hono';
import { routePath } from 'hono/route';
import { createMiddleware } from 'hono/factory';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { AppEnv } from '../api/app-env.js';
import { requireRole } from '../api/middleware/require-role.js';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const requestSeconds = new Histogram({
  name: 'cistern_http_request_seconds',
  help: 'HTTP request latency by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const measureRequests = createMiddleware<AppEnv>(async (c, next) => {
  const stop = requestSeconds.startTimer({ method: c.req.method });
  await next();
  // The matched pattern, not the raw path, so account numbers don't explode the label set.
  stop({ route: routePath(c), status: String(c.res.status) });
});

export const metricsRoutes = new Hono<AppEnv>().get('/metrics', requireRole('admin'), async (c) => {
  c.header('Content-Type', registry.contentType);
  return c.body(await registry.metrics());
});
