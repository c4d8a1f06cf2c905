// The htmx side of the fuzzer: the app's page routes as Hono lists them, filled with real
// or odd path parameters, odd query strings and odd form posts from a signed-in browser.
import { ODD_STRINGS, type Rng, randomString } from './odd-values.js';
import { type Caller, encodeOdd, type FuzzRequest, type KnownRecords, oddSegment, plausibleSegment } from './fuzz-requests.js';

export interface PageRoute {
  method: 'GET' | 'POST';
  path: string;
}

/** Routes that end the fuzzer's own sessions, or are not pages. */
const SKIPPED = [/^\/api\//, /^\/static\//, /^\/health$/, /^\/metrics$/, /^\/logout$/, /^\/favicon\.ico$/, /^\/\*$/];

/** The page routes of the app (`app.routes`), once each. */
export function pageRoutesOf(routes: readonly { method: string; path: string }[]): PageRoute[] {
  const seen = new Set<string>();
  const pages: PageRoute[] = [];
  for (const { method, path } of routes) {
    const methods = method === 'ALL' ? ['GET', 'POST'] : [method];
    for (const m of methods) {
      if ((m !== 'GET' && m !== 'POST') || SKIPPED.some((skip) => skip.test(path)) || seen.has(`${m} ${path}`)) continue;
      seen.add(`${m} ${path}`);
      pages.push({ method: m, path });
    }
  }
  return pages;
}

const TABS = ['overview', 'financial', 'connections', 'service', 'communication', 'documents', 'notes', 'history'];

/** A route segment (`:id{[0-9]+}`, `:action{assign|start}`, `:tab`, `*`) filled with a real value. */
function plausiblePageSegment(segment: string, before: string, known: KnownRecords, rng: Rng): string {
  if (segment === '*') return rng.pick(['api/queues', 'static/x.js', '']);
  const [, name, pattern] = /^:(\w+)(?:\{(.+)\})?$/.exec(segment)!;
  if (pattern && /^[\w|-]+$/.test(pattern)) return rng.pick(pattern.split('|'));
  if (name === 'tab') return rng.pick(TABS);
  return plausibleSegment(name, before, known, rng);
}

function fillPagePath(template: string, known: KnownRecords, rng: Rng, odd: boolean): string {
  const parts = template.split('/');
  const slots = parts.flatMap((part, i) => (part.startsWith(':') || part === '*' ? [i] : []));
  const oddSlot = odd && slots.length ? rng.pick(slots) : -1;
  return parts.map((part, i) => {
    if (i === oddSlot) return oddSegment(rng);
    return slots.includes(i) ? plausiblePageSegment(part, parts[i - 1], known, rng) : part;
  }).join('/');
}

function fieldValue(name: string, known: KnownRecords, rng: Rng, odd: boolean): string {
  if (odd) return rng.chance(0.7) ? rng.pick(ODD_STRINGS) : randomString(rng, rng.pick([10, 300]));
  if (/number$/i.test(name)) return name.startsWith('meter') ? known.meterNumber : known.accountNumber;
  return rng.pick(['1', '2', '120', 'true', 'false', 'Fuzz text', '2026-11-20', '2026-11-20T10:30', '12.50', 'repair', 'verified', '']);
}

/** A form of a few known field names, some of them odd, sometimes repeated or malformed. */
function formBody(fields: readonly string[], known: KnownRecords, rng: Rng): { body: string | URLSearchParams | FormData; type?: string } {
  const chosen = Array.from({ length: 1 + rng.below(6) }, () => rng.pick(fields));
  if (rng.chance(0.1)) return { body: rng.pick(['a=%zz', 'note=%00', '=&&=', '%', 'x'.repeat(5000), `note=${'%ff'.repeat(10)}`]), type: 'application/x-www-form-urlencoded' };
  if (rng.chance(0.15)) {
    const form = new FormData();
    for (const name of chosen) form.append(name, fieldValue(name, known, rng, rng.chance(0.5)));
    return { body: form };
  }
  const params = new URLSearchParams();
  for (const name of chosen) params.append(name, fieldValue(name, known, rng, rng.chance(0.5)));
  return { body: params };
}

function oddQuery(fields: readonly string[], rng: Rng): string {
  if (!rng.chance(0.6)) return '';
  const pairs = Array.from({ length: 1 + rng.below(3) }, () => `${rng.pick(fields)}=${encodeOdd(rng.chance(0.6) ? rng.pick(ODD_STRINGS) : randomString(rng, 20))}`);
  return `?${pairs.join('&')}`;
}

export interface BrowserSession {
  cookie: string;
  csrfToken: string;
}

/** One request to a page route as a browser of `caller` would send it (htmx or not), damaged at random. */
export function pageRequest(
  route: PageRoute, caller: Caller, sessions: Partial<Record<Caller, BrowserSession>>, fields: readonly string[],
  known: KnownRecords, baseUrl: string, rng: Rng,
): FuzzRequest {
  const oddPath = rng.chance(0.35);
  const url = fillPagePath(route.path, known, rng, oddPath) + oddQuery(fields, rng);
  const session = sessions[caller];
  const headers: Record<string, string> = { origin: baseUrl };
  if (session) headers.cookie = session.cookie;
  if (rng.chance(0.6)) headers['hx-request'] = 'true';
  if (session && route.method === 'POST' && rng.chance(0.9)) headers['x-csrf-token'] = session.csrfToken;
  const label = `${route.method} ${route.path}${oddPath ? ' odd path' : ''}`;
  if (route.method === 'GET') return { label, method: 'GET', url, headers };
  const { body, type } = formBody(fields, known, rng);
  if (type) headers['content-type'] = type;
  return { label: `${label} form`, method: 'POST', url, headers, body };
}
