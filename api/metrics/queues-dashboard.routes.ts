/**
 * The BullMQ queue dashboard (bull-board) at /admin/queues, admins only. Read-only: its
 * own buttons post without our CSRF token, and notifications are retried through
 * /admin/notifications, which keeps the at-most-once bookkeeping in Postgres.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-env.js';
import { jobQueuesOf } from '../common/job-queues.js';
import { requireRole } from '../middleware/require-role.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

const boards = new WeakMap<AppDeps, Hono>();

/** One board per app (its queues are the app's), built on first use. */
function boardFor(deps: AppDeps): Hono {
  let board = boards.get(deps);
  if (!board) {
    const serverAdapter = new HonoAdapter(serveStatic).setBasePath(QUEUE_DASHBOARD_PATH);
    const queues = jobQueuesOf(deps);
    createBullBoard({
      queues: [queues.notifications, queues.metrics].map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Cistern jobs' } },
    });
    board = new Hono().route(QUEUE_DASHBOARD_PATH, serverAdapter.registerPlugin());
    boards.set(deps, board);
  }
  return board;
}

export const queueDashboardRoutes = new Hono<AppEnv>()
  .use(QUEUE_DASHBOARD_PATH, requireRole('admin'))
  .use(`${QUEUE_DASHBOARD_PATH}/*`, requireRole('admin'))
  .all(QUEUE_DASHBOARD_PATH, (c) => boardFor(c.get('deps')).fetch(c.req.raw))
  .all(`${QUEUE_DASHBOARD_PATH}/*`, (c) => boardFor(c.get('deps')).fetch(c.req.raw));
