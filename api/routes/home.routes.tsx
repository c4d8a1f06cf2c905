import { Hono } from 'hono';
import { HomePage } from '../../views/home.view.js';
import type { AppEnv } from '../app-env.js';
import { requireRole } from '../middleware/require-role.js';
import { shellUser } from '../shell.js';

/** The signed-in landing page. */
export const homeRoutes = new Hono<AppEnv>().get('/', requireRole('agent'), (c) =>
  c.html(<HomePage user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} />),
);
