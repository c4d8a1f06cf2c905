// What the fuzzer sends: one request per call, built from an OpenAPI operation (the JSON
// API) or a page route (the htmx forms), for one caller, with one kind of damage chosen at random.
import {
  MALFORMED_JSON, ODD_PATH_SEGMENTS, ODD_STRINGS, type Rng, type JsonSchema, oddValue, plausibleObject, plausibleValue, randomString,
} from './odd-values.js';
import type { Operation, Parameter } from './openapi-operations.js';

export type Caller = 'none' | 'agent' | 'dispatcher' | 'admin';
export const CALLERS: readonly Caller[] = ['none', 'agent', 'dispatcher', 'admin'];

export interface FuzzRequest {
  /** Which route and which kind of damage, for the report. */
  label: string;
  method: string;
  /** Path and query, percent-encoded as sent. */
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | URLSearchParams | FormData;
}

/** Real records of the fixture, so plausible requests reach the code behind the lookups. */
export interface KnownRecords {
  accountNumber: string;
  meterNumber: string;
  orderNumber: string;
  jobId: string;
  /** Row ids by the path segment that names their kind (`notes`, `payments`, `users`, …). */
  ids: Record<string, number>;
}

/** Credentials no one was given: what an unsigned-in caller tries instead of none. */
const FORGED_CREDENTIALS: readonly Record<string, string>[] = [
  { authorization: 'Bearer ' }, { authorization: 'Bearer not-a-token' }, { authorization: `Bearer ${'A'.repeat(5000)}` },
  { authorization: 'Basic YWRtaW46YWRtaW4=' }, { authorization: 'bearer %00' }, { cookie: 'cistern_session=forged.signature' },
  { cookie: 'cistern_session=%00%ff; cistern_session=x' }, { cookie: `cistern_session=${'x'.repeat(3000)}` }, { 'x-request-id': '../../etc' },
];

/** The headers of `caller`: its token, or for no caller sometimes a forged credential. */
function callerHeaders(caller: Caller, auth: Record<Caller, Record<string, string>>, rng: Rng): Record<string, string> {
  return caller === 'none' && rng.chance(0.4) ? { ...rng.pick(FORGED_CREDENTIALS) } : { ...auth[caller] };
}

/** A string of any code units as it would travel in a URL (lone surrogates as their WTF-8 bytes). */
export function encodeOdd(value: string): string {
  return [...value].map((ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%ED%A0%80';
    }
  }).join('');
}

function asQueryValue(value: unknown): string {
  return encodeOdd(typeof value === 'string' ? value : JSON.stringify(value) ?? '');
}

/** A path parameter of a real record, by its name and the segment before it. */
export function plausibleSegment(name: string, before: string, known: KnownRecords, rng: Rng): string {
  if (name === 'accountNumber') return known.accountNumber;
  if (name === 'meterNumber') return known.meterNumber;
  if (name === 'orderNumber') return known.orderNumber;
  if (name === 'jobId') return known.jobId;
  return String(known.ids[before] ?? 1 + rng.below(3));
}

export function oddSegment(rng: Rng): string {
  return rng.chance(0.8) ? rng.pick(ODD_PATH_SEGMENTS) : encodeOdd(randomString(rng, 30)) || '%00';
}

function fillPath(template: string, known: KnownRecords, rng: Rng, oddParam: string | null): string {
  const parts = template.split('/');
  return parts.map((part, i) => {
    const match = /^\{(\w+)\}$/.exec(part);
    if (!match) return part;
    return match[1] === oddParam ? oddSegment(rng) : plausibleSegment(match[1], parts[i - 1], known, rng);
  }).join('/');
}

function queryString(parameters: Parameter[], rng: Rng, oddParam: string | null): string {
  const pairs: string[] = [];
  for (const p of parameters.filter((q) => q.in === 'query')) {
    if (p.name === oddParam) {
      pairs.push(`${p.name}=${asQueryValue(oddValue(p.schema, rng))}`);
      if (rng.chance(0.2)) pairs.push(`${p.name}=${asQueryValue(plausibleValue(p.schema, rng))}`);
    } else if (p.required || rng.chance(0.3)) {
      pairs.push(`${p.name}=${asQueryValue(plausibleValue(p.schema, rng))}`);
    }
  }
  if (oddParam === '(unknown)') pairs.push(`${encodeOdd(rng.pick(ODD_STRINGS))}=${encodeOdd(rng.pick(ODD_STRINGS))}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

/** A plausible body with one property (possibly nested one level) replaced by an odd value. */
function withOddField(schema: JsonSchema, rng: Rng): unknown {
  const body = plausibleObject(schema, rng);
  const keys = Object.keys(schema.properties ?? {});
  if (!keys.length) return oddValue(schema, rng);
  const key = rng.pick(keys);
  const property = schema.properties![key];
  body[key] = property.type === 'object' && rng.chance(0.5) ? withOddField(property, rng) : oddValue(property, rng);
  return body;
}

type JsonDamage = 'plausible' | 'odd-field' | 'wrong-body' | 'malformed' | 'proto-keys' | 'content-type' | 'oversized';

function jsonBody(schema: JsonSchema, damage: JsonDamage, rng: Rng): { body: string | Uint8Array; contentType: string } {
  const json = (value: unknown) => ({ body: JSON.stringify(value) ?? 'null', contentType: 'application/json' });
  switch (damage) {
    case 'plausible': return json(plausibleObject(schema, rng));
    case 'odd-field': return json(withOddField(schema, rng));
    case 'wrong-body': return json(oddValue({}, rng));
    case 'malformed':
      return rng.chance(0.15)
        ? { body: new Uint8Array([0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0x22, 0x7d]), contentType: 'application/json' }
        : { body: rng.pick(MALFORMED_JSON), contentType: 'application/json' };
    case 'proto-keys': {
      const plain = JSON.stringify(plausibleObject(schema, rng)).slice(1);
      const injected = rng.pick(['"__proto__":{"role":"admin"}', '"constructor":{"prototype":{"x":1}}', '"__proto__":null', '"toString":1']);
      return { body: `{${injected}${plain === '}' ? '}' : `,${plain}`}`, contentType: 'application/json' };
    }
    case 'content-type':
      return {
        body: JSON.stringify(plausibleObject(schema, rng)),
        contentType: rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json; charset=latin1', 'application/xml', '']),
      };
    case 'oversized':
      return { body: JSON.stringify({ ...plausibleObject(schema, rng), padding: 'x'.repeat(1024 * 1024 + 10) }), contentType: 'application/json' };
  }
}

function multipartBody(schema: JsonSchema, odd: boolean, rng: Rng): FormData {
  const form = new FormData();
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (property.format === 'binary') {
      const bytes = odd ? new TextEncoder().encode(randomString(rng, 200)) : new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      if (!odd || rng.chance(0.7)) form.append(key, new Blob([bytes]), odd ? randomString(rng, 20) || 'x' : 'scan.png');
      continue;
    }
    const value = odd && rng.chance(0.5) ? oddValue(property, rng) : plausibleValue(property, rng);
    form.append(key, typeof value === 'string' ? value : JSON.stringify(value) ?? '');
  }
  return form;
}

const JSON_DAMAGE: readonly JsonDamage[] = [
  'plausible', 'plausible', 'odd-field', 'odd-field', 'odd-field', 'odd-field', 'wrong-body', 'malformed', 'malformed', 'proto-keys', 'content-type',
];

/** One request to a JSON operation for `caller`, damaged in one way chosen at random. */
export function apiRequest(op: Operation, caller: Caller, auth: Record<Caller, Record<string, string>>, known: KnownRecords, rng: Rng): FuzzRequest {
  const pathParams = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const queryParams = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const targets = [...(op.body ? ['body'] : []), ...(pathParams.length ? ['path'] : []), ...(queryParams.length ? ['query'] : []), 'none'];
  const target = rng.pick(targets);
  const oddPath = target === 'path' ? rng.pick(pathParams) : null;
  const oddQuery = target === 'query' ? rng.pick([...queryParams, '(unknown)']) : null;
  const url = `/api/v1${fillPath(op.path, known, rng, oddPath)}${queryString(op.parameters, rng, oddQuery)}`;
  const headers = callerHeaders(caller, auth, rng);
  if (!op.body) return { label: `${op.method} ${op.path} odd ${target}`, method: op.method, url, headers };
  if (op.body.contentType.startsWith('multipart/')) {
    const odd = target === 'body';
    return { label: `${op.method} ${op.path} ${odd ? 'odd multipart' : `odd ${target}`}`, method: op.method, url, headers, body: multipartBody(op.body.schema, odd, rng) };
  }
  const damage: JsonDamage = target !== 'body' ? 'plausible' : rng.chance(0.004) ? 'oversized' : rng.pick(JSON_DAMAGE);
  const { body, contentType } = jsonBody(op.body.schema, damage, rng);
  if (contentType) headers['content-type'] = contentType;
  return { label: `${op.method} ${op.path} ${target === 'body' ? damage : `odd ${target}`}`, method: op.method, url, headers, body };
}
