/** The load balancers' health route. */
import { Hono } from 'hono';
import { checkHealth } from '../../infra/health.js';
import type { AppEnv } from '../app-env.js';

/** GET /health: no sign-in; each backing service `ok` or `down`, 503 when any is down so balancers notice. */
export const healthRoutes = new Hono<AppEnv>().get('/health', async (c) => {
  const { orm, redis, temporal } = c.get('deps');
  const report = await checkHealth({ orm, redis, temporal });
  c.header('Cache-Control', 'no-store');
  return c.json(report, report.status === 'ok' ? 200 : 503);
});
