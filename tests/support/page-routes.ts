/**
 * The app's page routes, read from the Hono router itself, so a test that must cover every
 * page learns about a page added later without anyone updating a list.
 */
import { Hono } from 'hono';

/** GET routes that answer with something other than an HTML page of ours. */
const NOT_PAGES = [/^\/api\/v1\//, /^\/static\//, /^\/health/, /^\/metrics$/, /^\/favicon\.ico$/, /^\/api\/docs\/assets\//];

/** The distinct paths of the GET routes that render pages, in the order the app registers them. */
export function pageRoutes(app: Hono<never> | { routes: Array<{ method: string; path: string }> }): string[] {
  const paths = app.routes.filter((r) => r.method === 'GET' && !NOT_PAGES.some((re) => re.test(r.path))).map((r) => r.path);
  return [...new Set(paths)];
}

/**
 * Which of `routes` a URL path lands on, by Hono's own matching (so `{regex}` constraints
 * count). When several match (`/accounts/new` and `/accounts/:accountNumber`), the one with
 * the fewest parameters wins, as the app's routes hand over to the more specific ones.
 */
export async function routeOf(pathname: string, routes: string[]): Promise<string | null> {
  const matching: string[] = [];
  for (const route of routes) {
    const probe = new Hono().get(route, (c) => c.body(null, 204));
    if ((await probe.request(pathname)).status === 204) matching.push(route);
  }
  const params = (route: string) => (route.match(/:/g) ?? []).length;
  return matching.sort((a, b) => params(a) - params(b))[0] ?? null;
}
