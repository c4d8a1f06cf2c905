/**
 * The BullMQ queue dashboard (bull-board) at /admin/queues, admins only. Read-only: its
 * own buttons post without our CSRF token, and notifications are retried through
 * /admin/notifications, which keeps the at-most-once bookkeeping in Postgres.
 * bull-board is loaded with the first visit, not at start: few processes ever serve the page.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-env.js';
import { jobQueuesOf } from '../common/job-queues.js';
import { requireRole } from '../middleware/require-role.js';
import { boardStyleHashes, withoutInlineStylesOrExternalLinks } from './queue-dashboard-csp.js';
import { remembered } from '../../domain/common/remembered.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

const boards = new WeakMap<AppDeps, Promise<Hono>>();

/** One board per app (its queues are the app's), built on first use. */
function boardFor(deps: AppDeps): Promise<Hono> {
  return remembered(boards, deps, buildBoard);
}

async function buildBoard(deps: AppDeps): Promise<Hono> {
  const [{ createBullBoard }, { BullMQAdapter }, { HonoAdapter }] = await Promise.all([
    import('@bull-board/api'), import('@bull-board/api/bullMQAdapter'), import('@bull-board/hono'),
  ]);
  const serverAdapter = new HonoAdapter(serveStatic).setBasePath(QUEUE_DASHBOARD_PATH);
  const queues = jobQueuesOf(deps);
  createBullBoard({
    queues: [queues.notifications, queues.metrics].map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Cistern jobs' } },
  });
  return new Hono().route(QUEUE_DASHBOARD_PATH, serverAdapter.registerPlugin());
}

/** The CSP's style sources: our own files, and on the board's pages also its few hashed <style> texts. */
export function styleSources(c: Context): string {
  const onBoard = c.req.path === QUEUE_DASHBOARD_PATH || c.req.path.startsWith(`${QUEUE_DASHBOARD_PATH}/`);
  return onBoard ? ["'self'", ...boardStyleHashes()].join(' ') : "'self'";
}

/** The board's answer, its page made fit for the CSP and its fingerprinted files cacheable by the admin's browser. */
async function boardAnswer(deps: AppDeps, request: Request): Promise<Response> {
  const response = await (await boardFor(deps)).fetch(request);
  const headers = new Headers(response.headers);
  if (new URL(request.url).pathname.startsWith(`${QUEUE_DASHBOARD_PATH}/static/`) && response.ok) {
    headers.set('Cache-Control', 'private, max-age=86400');
    return new Response(response.body, { status: response.status, headers });
  }
  if (!(headers.get('content-type') ?? '').startsWith('text/html')) return response;
  headers.delete('content-length');
  return new Response(withoutInlineStylesOrExternalLinks(await response.text()), { status: response.status, headers });
}

export const queueDashboardRoutes = new Hono<AppEnv>()
  .use(QUEUE_DASHBOARD_PATH, requireRole('admin'))
  .use(`${QUEUE_DASHBOARD_PATH}/*`, requireRole('admin'))
  .all(QUEUE_DASHBOARD_PATH, (c) => boardAnswer(c.get('deps'), c.req.raw))
  .all(`${QUEUE_DASHBOARD_PATH}/*`, (c) => boardAnswer(c.get('deps'), c.req.raw));
