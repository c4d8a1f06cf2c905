/** htmx helpers for page routes: whether to answer with a fragment or the whole page. */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';

/**
 * Whether to answer with a fragment: an htmx request, except htmx's history restore
 * (after a cache miss on Back it asks for the URL again and needs the whole page).
 */
export function wantsFragment(c: Context<AppEnv>): boolean {
  return c.req.header('hx-request') === 'true' && c.req.header('hx-history-restore-request') !== 'true';
}
