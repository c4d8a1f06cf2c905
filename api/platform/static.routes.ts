/** Static files: the app's scripts, styles and icon. */
import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { AppEnv } from '../app-env.js';
import { rememberedPromise } from '../../domain/common/remembered.js';

const require = createRequire(import.meta.url);
/** A Map, not an object literal: `constructor` or `__proto__` must name no file (an inherited key once answered 500). */
const FILES = new Map<string, { path: string; type: string }>([
  ['htmx.min.js', { path: require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' }],
  ['colours.css', { path: fileURLToPath(new URL('../../views/static/colours.css', import.meta.url)), type: 'text/css; charset=utf-8' }],
  ['app.css', { path: fileURLToPath(new URL('../../views/static/app.css', import.meta.url)), type: 'text/css; charset=utf-8' }],
  ['portal.css', { path: fileURLToPath(new URL('../../views/static/portal.css', import.meta.url)), type: 'text/css; charset=utf-8' }],
  ['app.js', { path: fileURLToPath(new URL('../../views/static/app.js', import.meta.url)), type: 'text/javascript; charset=utf-8' }],
  ['favicon.svg', { path: fileURLToPath(new URL('../../views/static/favicon.svg', import.meta.url)), type: 'image/svg+xml' }],
]);
const cache = new Map<string, Promise<Buffer>>();

/** The app's own scripts and styles (htmx from its npm package, no CDN); a fixed list, so no path tricks. */
export const staticRoutes = new Hono<AppEnv>()
  // Browsers ask for /favicon.ico whatever the page says; answer with our icon.
  .get('/favicon.ico', (c) => c.redirect('/static/favicon.svg', 301))
  .get('/static/:file', async (c) => {
  const entry = FILES.get(c.req.param('file'));
  if (!entry) return c.notFound();
  const body = await rememberedPromise(cache, entry.path, readFile);
  c.header('Content-Type', entry.type);
  c.header('Cache-Control', 'public, max-age=3600');
  return c.body(new Uint8Array(body));
});
