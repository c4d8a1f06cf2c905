/** Request timing for every route, and GET /metrics for ops' Prometheus scraper (admins only). */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import { registry, requestSeconds } from '../../infra/prometheus.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../middleware/require-role.js';

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
