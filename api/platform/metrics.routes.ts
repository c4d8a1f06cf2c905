/**
 * Request timing for every route, and GET /metrics for ops' Prometheus scraper, opened by
 * its own token (METRICS_TOKEN): no staff credential, and the token opens nothing else.
 * Each scrape first refreshes the deployment gauges (docs/operations.md#metrics-and-alerts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import { registry, requestSeconds } from '../../infra/prometheus.js';
import { refreshOperationalGauges } from '../../infra/operational-gauges.js';
import type { AppEnv } from '../app-env.js';
import { jobQueuesOf } from '../common/job-queues.js';

export const measureRequests = createMiddleware<AppEnv>(async (c, next) => {
  const stop = requestSeconds.startTimer({ method: c.req.method });
  await next();
  // The matched pattern, not the raw path, so account numbers don't explode the label set.
  stop({ route: routePath(c), status: String(c.res.status) });
});

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares digests, so neither the length nor the content of the token leaks through timing. */
function bearerMatches(authorization: string | undefined, expected: string): boolean {
  const sent = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  return sent !== undefined && timingSafeEqual(digest(sent), digest(expected));
}

/** Off (404) until METRICS_TOKEN is set; a missing or wrong token is a plain 401 a scraper can log. */
export const metricsRoutes = new Hono<AppEnv>().get('/metrics', async (c) => {
  const expected = c.get('deps').config.METRICS_TOKEN;
  if (!expected) return c.notFound();
  if (!bearerMatches(c.req.header('authorization'), expected)) {
    c.header('WWW-Authenticate', 'Bearer realm="metrics"');
    return c.text('GET /metrics needs the scrape token (METRICS_TOKEN) as a bearer token.\n', 401);
  }
  await refreshOperationalGauges(c.get('deps').orm, jobQueuesOf(c.get('deps')));
  c.header('Content-Type', registry.contentType);
  return c.body(await registry.metrics());
});
