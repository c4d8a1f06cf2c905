/** The health routes for load balancers and orchestrators: the full report, liveness and readiness. */
import { Hono } from 'hono';
import { checkHealth } from '../../infra/health.js';
import type { AppEnv } from '../app-env.js';

export const healthRoutes = new Hono<AppEnv>()
  /** GET /health: no sign-in; each backing service `ok` or `down`, 503 when any is down so balancers notice. */
  .get('/health', async (c) => {
    const { orm, redis, temporal } = c.get('deps');
    const report = await checkHealth({ orm, redis, temporal });
    c.header('Cache-Control', 'no-store');
    return c.json(report, report.status === 'ok' ? 200 : 503);
  })
  /** GET /health/live: the process answers; restart it only when this fails (a database outage is not its fault). */
  .get('/health/live', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' });
  })
  /** GET /health/ready: send it traffic? No while it drains (SIGTERM) or while a backing service is down. */
  .get('/health/ready', async (c) => {
    const { orm, redis, temporal, drain } = c.get('deps');
    c.header('Cache-Control', 'no-store');
    if (drain?.draining) return c.json({ status: 'draining' }, 503);
    const report = await checkHealth({ orm, redis, temporal });
    return c.json(report, report.status === 'ok' ? 200 : 503);
  });
