/**
 * Production-safe answers (docs/security.md): no-store on everything but static files,
 * Referrer-Policy and Permissions-Policy everywhere, the public API reference, and the
 * /metrics scrape token that opens /metrics and nothing else.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createApp } from '../api/app.js';
import { boardStyleHashes, withoutInlineStylesOrExternalLinks } from '../api/metrics/queue-dashboard-csp.js';
import { apiToken, signIn, type SignedIn } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';

const METRICS_TOKEN = 'scrape-Zx81Lq0Vt5Rw2Kp9Yb3Nc7Hd4Mf6Gj';
let server: TestServer;
let session: SignedIn;
let adminSession: SignedIn;
let agentToken: string;
let adminToken: string;

test.before(async () => {
  server = await startTestServer('security_headers', {}, { METRICS_TOKEN });
  const agent = await createUser(server.db, 'agent');
  const admin = await createUser(server.db, 'admin');
  session = await signIn(server.baseUrl, agent.email, agent.password);
  adminSession = await signIn(server.baseUrl, admin.email, admin.password);
  agentToken = await apiToken(server.baseUrl, agent.email, agent.password);
  adminToken = await apiToken(server.baseUrl, admin.email, admin.password);
});
test.after(async () => server.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.baseUrl}${path}`, { headers, redirect: 'manual' });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function assertCommonHeaders(response: Response, what: string) {
  assert.is(response.headers.get('referrer-policy'), 'same-origin', `${what}: Referrer-Policy`);
  const permissions = response.headers.get('permissions-policy') ?? '';
  for (const feature of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()']) assert.match(permissions, feature, `${what}: ${feature}`);
  const csp = response.headers.get('content-security-policy') ?? '';
  assert.match(csp, "default-src 'self'", `${what}: CSP`);
  assert.match(csp, "script-src 'self';", `${what}: scripts only from us`);
  assert.match(csp, /style-src 'self'(?: 'sha256-[^']+')*;/, `${what}: styles only from us (the board: and its hashed texts)`);
  assert.not.match(csp, 'unsafe-inline', `${what}: no inline code`);
  assert.not.match(csp, 'unsafe-eval', `${what}: no eval`);
  assert.is(response.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.is(response.headers.get('strict-transport-security'), 'max-age=15552000; includeSubDomains', `${what}: HSTS`);
  assert.is(response.headers.get('x-frame-options'), 'SAMEORIGIN', `${what}: no framing`);
  assert.ok(response.headers.get('content-type'), `${what}: a Content-Type`);
  for (const name of ['server', 'x-powered-by']) assert.is(response.headers.get(name), null, `${what}: no ${name}`);
}

test('pages, JSON and errors with personal data are never stored; every answer has the policy headers', async () => {
  const answers: [string, Response, number][] = [
    ['the dashboard page', await get('/', { cookie: session.cookie }), 200],
    ['the search page', await get('/accounts?q=doe', { cookie: session.cookie }), 200],
    ['an htmx fragment', await get('/accounts?q=doe', { cookie: session.cookie, 'hx-request': 'true' }), 200],
    ['the login page', await get('/login'), 200],
    ['JSON with a token', await get('/api/v1/dashboard', bearer(agentToken)), 200],
    ['a JSON list', await get('/api/v1/accounts?q=doe', bearer(agentToken)), 200],
    ['a JSON error', await get('/api/v1/accounts/WU-999999999', bearer(agentToken)), 404],
    ['an unauthenticated JSON call', await get('/api/v1/dashboard'), 401],
    ['a missing page', await get('/no-such-page', { cookie: session.cookie }), 404],
    ['the queue dashboard API', await get('/admin/queues/api/queues', { cookie: adminSession.cookie }), 200],
    ['the health check', await get('/health'), 200],
  ];
  for (const [what, response, status] of answers) {
    assert.is(response.status, status, what);
    assert.is(response.headers.get('cache-control'), 'no-store', `${what}: Cache-Control`);
    assertCommonHeaders(response, what);
    const type = response.headers.get('content-type') ?? '';
    if (type.startsWith('text/html')) assert.match(type, /charset=utf-8/i, `${what}: UTF-8`);
  }
});

test('JSON answers of the API are attachments, so a browser never renders one in our origin', async () => {
  for (const response of [await get('/api/v1/dashboard', bearer(agentToken)), await get('/api/v1/dashboard'), await get('/api/v1/openapi.json')]) {
    assert.match(response.headers.get('content-type') ?? '', 'application/json');
    assert.is(response.headers.get('content-disposition'), 'attachment; filename="api.json"');
  }
  assert.is((await get('/api/docs')).headers.get('content-disposition'), null, 'the reference page is a page');
  assert.is((await get('/', { cookie: session.cookie })).headers.get('content-disposition'), null);
});

test('methods a route does not offer are 404, also for a signed-in caller', async () => {
  for (const [method, path] of [['DELETE', '/api/v1/dashboard'], ['PUT', '/api/v1/accounts'], ['PATCH', '/health'], ['DELETE', '/static/app.css']]) {
    const response = await fetch(`${server.baseUrl}${path}`, { method, headers: bearer(agentToken), redirect: 'manual' });
    assert.is(response.status, 404, `${method} ${path}`);
  }
});

test('the sign-in page sends people back only to a path of ours', async () => {
  for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
    const html = await (await get(`/login?next=${encodeURIComponent(next)}`)).text();
    assert.not.match(html, 'evil.example', next);
    assert.not.match(html, 'javascript:', next);
  }
  assert.match(await (await get(`/login?next=${encodeURIComponent('/accounts/WU-10001')}`)).text(), 'value="/accounts/WU-10001"');
});

test('static files stay cacheable, with the same policy headers', async () => {
  for (const path of ['/static/app.css', '/static/htmx.min.js', '/api/docs/assets/swagger-ui-bundle.js']) {
    const response = await get(path);
    assert.is(response.status, 200, path);
    assert.is(response.headers.get('cache-control'), 'public, max-age=3600', path);
    assertCommonHeaders(response, path);
  }
  const boardFile = (await (await get('/admin/queues', { cookie: adminSession.cookie })).text()).match(/src="(static\/js\/main[^"]+)"/)?.[1];
  assert.ok(boardFile, 'the board page names its script');
  const board = await get(`/admin/queues/${boardFile}`, { cookie: adminSession.cookie });
  assert.is(board.status, 200);
  assert.is(board.headers.get('cache-control'), 'private, max-age=86400');
  assert.is((await get(`/admin/queues/${boardFile}`)).status, 303, 'board files need an admin too');
});

test('openapi.json answers without sign-in, and /api/docs serves the viewer from our own files', async () => {
  const spec = await get('/api/v1/openapi.json');
  assert.is(spec.status, 200);
  const doc = (await spec.json()) as { openapi: string; paths: Record<string, unknown> };
  assert.is(doc.openapi, '3.0.0');
  assert.ok(doc.paths['/accounts/{accountNumber}'], 'documents the account route');
  assert.ok(doc.paths['/auth/token']);
  const page = await get('/api/docs');
  assert.is(page.status, 200);
  const html = await page.text();
  assert.match(html, /^<!doctype html>/);
  assert.match(html, 'src="/api/docs/assets/swagger-ui-bundle.js"');
  assert.match(html, 'href="/api/docs/assets/swagger-ui.css"');
  assert.match(html, 'data-spec-url="/api/v1/openapi.json"');
  assert.not.match(html, /https?:\/\//, 'nothing from another origin');
  assert.not.match(html, /<script>(?!<\/script>)|\sstyle=/, 'no inline script or style');
  assert.is((await get('/api/docs/assets/api-docs.js')).status, 200);
  for (const name of ['constructor', '__proto__', 'toString', '..%2Fpackage.json', 'index.html']) {
    assert.is((await get(`/api/docs/assets/${name}`)).status, 404, name);
  }
});

test('the queue dashboard page loads no web font and styles nothing inline', async () => {
  const page = await get('/admin/queues', { cookie: adminSession.cookie });
  assert.is(page.status, 200);
  const html = await page.text();
  assert.match(html, 'static/js/main.');
  assert.match(html, 'id="__UI_CONFIG__"', 'the board still gets its settings');
  assert.not.match(html, 'fonts.googleapis.com');
  assert.not.match(html, /<style|\sstyle="/);
  assert.is(withoutInlineStylesOrExternalLinks('<link href="//cdn.example/x.css" rel="stylesheet"><p style="a:b">x</p><style>p{}</style>'), '<p>x</p>');
  assert.is((await get('/admin/queues', bearer(agentToken))).status, 403, 'admins only');
  const hashes = boardStyleHashes();
  assert.ok(hashes.length > 0 && hashes.every((h) => /^'sha256-[A-Za-z0-9+/]{43}='$/.test(h)), hashes.join(' '));
  assert.match(page.headers.get('content-security-policy') ?? '', `style-src 'self' ${hashes.join(' ')};`, 'the board allows its hashed <style> texts');
  assert.match((await get('/', { cookie: adminSession.cookie })).headers.get('content-security-policy') ?? '', "style-src 'self';", 'other pages do not');
});

test('/metrics answers the scrape token only: no token, a wrong one or an admin credential get 401', async () => {
  const scraped = await get('/metrics', bearer(METRICS_TOKEN));
  assert.is(scraped.status, 200);
  assert.match(await scraped.text(), 'cistern_http_request_seconds');
  assert.match(scraped.headers.get('cache-control') ?? '', 'no-store');
  for (const [what, headers] of [
    ['no token', {}],
    ['a wrong token', bearer(`${METRICS_TOKEN}x`)],
    ['an admin API token', bearer(adminToken)],
    ['an admin session', { cookie: adminSession.cookie }],
    ['the token without Bearer', { authorization: METRICS_TOKEN }],
  ] as const) {
    const refused = await get('/metrics', headers);
    assert.is(refused.status, 401, what);
    assert.match(refused.headers.get('www-authenticate') ?? '', 'Bearer');
  }
});

test('/metrics is off (404) while no scrape token is configured', async () => {
  const app = createApp({ ...server.deps, config: { ...server.deps.config, METRICS_TOKEN: undefined } });
  assert.is((await app.request('/metrics', { headers: bearer(METRICS_TOKEN) })).status, 404);
  assert.is((await app.request('/metrics', { headers: bearer(adminToken) })).status, 404);
});

/** Routes anyone may call, token or not: they hold nothing the scrape token could open. */
const PUBLIC = new Set(['/health', '/health/live', '/health/ready', '/metrics', '/login', '/favicon.ico', '/static/:file', '/api/v1/auth/token', '/api/v1/openapi.json', '/api/docs', '/api/docs/assets/:file',
  // The portal's registration and its link's confirmation: for people who have no sign-in yet.
  '/my/register', '/my/confirm', '/api/v1/portal/register', '/api/v1/portal/confirm']);

/** Patterns the app registers only middleware on (headers, sign-in, CSRF), not routes. */
const MIDDLEWARE_ONLY = new Set(['/*', '/api/*']);

const SAMPLE_VALUES = ['WU-10001', 'SO-4523', 'M-5678', '1'];

/** A concrete path for a route pattern: every parameter gets a value its pattern accepts, so the route (not a 404) answers. */
function concrete(pattern: string): string {
  return pattern
    .replace(/:([A-Za-z]+)(?:\{((?:[^{}]|\{[^{}]*\})*)\})?/g, (_, name: string, regex?: string) => {
      if (!regex) return name === 'accountNumber' ? 'WU-10001' : '1';
      const accepts = new RegExp(`^(?:${regex})$`);
      return [...SAMPLE_VALUES, ...regex.split('|')].find((value) => accepts.test(value)) ?? '1';
    })
    .replace(/\*/g, 'x');
}

test('the scrape token opens no other route: every route of the app answers 401, 403 or the sign-in redirect', async () => {
  const app = createApp(server.deps);
  const routes = new Map<string, string>();
  for (const route of app.routes) {
    // The reset link's page is public by design: its one-time token, not a sign-in, opens it.
    if (PUBLIC.has(route.path) || MIDDLEWARE_ONLY.has(route.path) || route.path.startsWith('/reset-password/')) continue;
    const methods = route.method === 'ALL' ? ['GET', 'POST'] : [route.method];
    for (const method of methods) routes.set(`${method} ${concrete(route.path)}`, route.path);
  }
  assert.ok(routes.size > 80, `found ${routes.size} routes`);
  for (const key of routes.keys()) {
    const [method, path] = key.split(' ');
    const response = await fetch(`${server.baseUrl}${path}`, {
      method, redirect: 'manual',
      headers: { ...bearer(METRICS_TOKEN), 'content-type': 'application/json', origin: server.baseUrl },
      body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
    });
    const refused = response.status === 401 || response.status === 403
      || (response.status === 303 && (response.headers.get('location') ?? '').startsWith('/login'));
    assert.ok(refused, `${key} answered ${response.status} to the scrape token`);
  }
});

test.run();
