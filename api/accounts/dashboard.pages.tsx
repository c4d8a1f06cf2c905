/** GET /: the dashboard page, the signed-in landing page. */
import { Hono } from 'hono';
import { loadDashboard, loadDashboardTrend } from '../../domain/accounts/dashboard.js';
import { DashboardContent, DashboardPage } from '../../views/accounts/dashboard.view.js';
import type { AppEnv } from '../app-env.js';
import { wantsFragment } from '../common/htmx.js';
import { requireRole } from '../middleware/require-role.js';
import { shellUser } from '../common/shell.js';

/** GET /: the dashboard (docs/rules.md#dashboard), the signed-in landing page; an htmx request gets the content only. */
export const dashboardRoutes = new Hono<AppEnv>().get('/', requireRole('agent'), async (c) => {
  const em = c.get('em');
  const [dashboard, trend] = await Promise.all([loadDashboard(em), loadDashboardTrend(em)]);
  const user = shellUser(c);
  const timeZone = c.get('deps').config.UTILITY_TIME_ZONE;
  c.header('Vary', 'HX-Request');
  if (wantsFragment(c)) return c.html(<DashboardContent dashboard={dashboard} trend={trend} user={user} timeZone={timeZone} />);
  return c.html(<DashboardPage dashboard={dashboard} trend={trend} user={user} csrfToken={c.get('session')?.csrfToken ?? null} timeZone={timeZone} />);
});
