/**
 * The public API reference: GET /api/v1/openapi.json (a contract, not data: no sign-in) and
 * GET /api/docs, Swagger UI served from its npm package with its files from a fixed map.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { API_DOCS_ASSETS, ApiDocsPage } from '../../views/platform/api-docs.view.js';
import type { AppEnv } from '../app-env.js';
import { rememberedPromise } from '../../domain/common/remembered.js';

const require = createRequire(import.meta.url);
const SPEC_PATH = '/api/v1/openapi.json';

/** A Map, not an object: only these names exist, whatever a path says (no inherited keys). */
const ASSETS = new Map<string, { path: string; type: string }>([
  ['swagger-ui.css', { path: require.resolve('swagger-ui-dist/swagger-ui.css'), type: 'text/css; charset=utf-8' }],
  ['swagger-ui-bundle.js', { path: require.resolve('swagger-ui-dist/swagger-ui-bundle.js'), type: 'text/javascript; charset=utf-8' }],
  ['api-docs.js', { path: fileURLToPath(new URL('../../views/static/api-docs.js', import.meta.url)), type: 'text/javascript; charset=utf-8' }],
]);
const loaded = new Map<string, Promise<Buffer>>();

/** The routes, given how to build the OpenAPI document (built once, on first request, after every route is registered). */
export function apiDocsRoutes(document: () => unknown) {
  let spec: string | undefined;
  return new Hono<AppEnv>()
    .get(SPEC_PATH, (c) => {
      spec ??= JSON.stringify(document());
      c.header('Content-Type', 'application/json; charset=utf-8');
      c.header('Cache-Control', 'no-cache');
      return c.body(spec);
    })
    .get('/api/docs', async (c) => c.html(`<!doctype html>${await (<ApiDocsPage specUrl={SPEC_PATH} />).toString()}`))
    .get(`${API_DOCS_ASSETS}/:file`, async (c) => {
      const name = c.req.param('file');
      const asset = ASSETS.get(name);
      if (!asset) return c.notFound();
      const body = rememberedPromise(loaded, name, () => readFile(asset.path));
      c.header('Content-Type', asset.type);
      c.header('Cache-Control', 'public, max-age=3600');
      return c.body(new Uint8Array(await body));
    });
}
