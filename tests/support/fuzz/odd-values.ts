// The fuzzer's values: a seeded random source, the catalogue of odd inputs (control
// characters, bidi marks, emoji, prototype keys, boundary numbers, wrong types, broken
// JSON, impossible path ids) and values built from an OpenAPI schema, plausible or odd.
import fc from 'fast-check';
import { Rng } from '../../../scripts/seed/prng.js';

/** The seed's generator (mulberry32): a failing run is replayed with its seed. */
export { Rng };

/** Text that has broken parsers, databases and templates before. */
export const ODD_STRINGS: readonly string[] = [
  '', ' ', '\u0000', 'note\u0000with NUL', '\u0001\u0002\u0003', '\u0007bell', '\u001b[31mred', '\u007f', '\u0085next line',
  'tab\tand\r\nnewline', '\u202eevil\u202c', '\u200fמים\u200e', '\u2066isolate\u2069', '\u200b', '\ufeffbom', '🚰💧👩🏽‍🔧',
  '\ud800', 'lone \udfff low', 'e\u0301\u0301\u0301', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  '%00', '%', '%zz', '../../etc/passwd', "'; DROP TABLE account; --", '" OR 1=1 --', '<script>alert(1)</script>',
  '{{name}}', '$' + '{process.exit()}', 'NaN', 'Infinity', '-0', '1e309', '０１２３', '٣٤', 'null', 'true', '[]', '{}',
  'WU-10001\u0000', 'SO-1', 'M-5678', 'a'.repeat(256), 'é'.repeat(2001), '💧'.repeat(5001),
];

/** Numbers at and just past the edges of int4, int8, doubles and the usual ranges. */
export const BOUNDARY_NUMBERS: readonly number[] = [
  0, -0, 1, -1, 0.5, -0.5, 1e-7, 15, 120, 2147483647, 2147483648, -2147483648, -2147483649, 4294967296,
  9007199254740991, 9007199254740992, -9007199254740992, 1e15, 1e20, 1e308, -1e308, 5e-324,
];

/** Values of every JSON type, for a field that wants another one. */
export const WRONG_TYPES: readonly unknown[] = [
  null, true, false, 0, 42, 'text', [], [1, 2], [null], {}, { nested: { deeper: [1] } }, JSON.parse('{"__proto__":{"polluted":true}}'),
];

/** Request bodies that are not JSON, or JSON of the wrong shape, or JSON that attacks the parser. */
export const MALFORMED_JSON: readonly string[] = [
  '', '{', '{"a":', '}', 'nul', 'null', 'true', '42', '"text"', '[]', '[{}]', '{"a":1}}', '{\'a\':1}', '{a:1}',
  '\u0000', '\ufeff{}', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}',
  `{"x":${'1'.repeat(400)}}`, '{"x":9007199254740993}', '{"x":1e999}', '{"x":-1e999}', '{"x":"\\ud800"}', '{"x":"\\u0000"}', '{"x":NaN}',
  '['.repeat(5000) + ']'.repeat(5000), '{"a":'.repeat(2000) + '1' + '}'.repeat(2000),
];

/** Path segments no record can have, or that attack the router (sent as they are, already encoded). */
export const ODD_PATH_SEGMENTS: readonly string[] = [
  '%00', '0', '-1', '00000000001', '2147483647', '2147483648', '-2147483649', '4294967296', '99999999999999999999', '1e3', '0x10',
  '1.5', '%20', '%0A', '__proto__', 'constructor', 'toString', '%E2%80%AE', '%F0%9F%92%A7', 'a'.repeat(300), '%C0%AF', '%',
  '%zz', '%25', '..', '%2e%2e', '%2F', 'WU-%00', 'WU-99999999999999999999', 'WU-0', 'SO-0', 'SO-2147483648',
  'SO-99999999999999999999', 'M-5678%00', 'NaN', 'null', '%EF%BC%91',
];

/** Code units to build random strings from: printable ASCII, controls, bidi marks, surrogates, combining marks, CJK. */
const UNIT_RANGES: readonly [number, number][] = [
  [0x20, 0x7e], [0x20, 0x7e], [0x00, 0x1f], [0x7f, 0x9f], [0x200b, 0x200f], [0x202a, 0x202e], [0x2066, 0x2069],
  [0xd800, 0xdfff], [0x0300, 0x036f], [0x4e00, 0x4e80], [0xfff0, 0xffff], [0x0590, 0x05ff],
];

/** A string of random code units (lone surrogates and controls included), up to `maxLength` long. */
export function randomString(rng: Rng, maxLength = 40): string {
  const units = Array.from({ length: rng.below(maxLength + 1) }, () => {
    const [low, high] = rng.pick(UNIT_RANGES);
    return low + rng.below(high - low + 1);
  });
  return String.fromCharCode(...units);
}

/** A JSON value fast-check makes up (nested objects, odd keys, big numbers). */
export function randomJson(rng: Rng): unknown {
  const [value] = fc.sample(fc.jsonValue({ maxDepth: 3 }), { seed: rng.below(2 ** 31), numRuns: 1 });
  return value;
}

/** The subset of JSON Schema (OpenAPI 3.0) the app's document uses. */
export interface JsonSchema {
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  nullable?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  example?: unknown;
}

function alternatives(schema: JsonSchema): JsonSchema[] {
  return schema.anyOf ?? schema.oneOf ?? schema.allOf ?? [];
}

function plausibleString(schema: JsonSchema, rng: Rng): string {
  if (typeof schema.example === 'string' && rng.chance(0.5)) return schema.example;
  if (schema.format === 'date') return rng.pick(['2026-11-20', '2024-02-29', '1970-01-01']);
  if (schema.format === 'date-time') return rng.pick(['2026-11-20T15:30:00Z', '2026-11-20T09:30:00-06:00']);
  if (schema.format === 'email') return `fuzz${rng.below(1000)}@example.com`;
  if (schema.format === 'binary') return 'file';
  const max = Math.min(schema.maxLength ?? 40, 40);
  const min = Math.min(schema.minLength ?? 1, max);
  return 'Fuzz text '.repeat(4).slice(0, Math.max(min, rng.below(max) + 1));
}

function plausibleNumber(schema: JsonSchema, rng: Rng): number {
  const low = schema.minimum ?? 0;
  const high = Math.min(schema.maximum ?? low + 100, low + 100);
  const value = low + rng.below(Math.max(1, high - low + 1));
  return schema.exclusiveMinimum === true && value === low ? value + 1 : value;
}

/** A value the schema should accept (or nearly: examples and plain text, not every pattern). */
export function plausibleValue(schema: JsonSchema, rng: Rng): unknown {
  if (schema.enum) return rng.pick(schema.enum);
  const options = alternatives(schema);
  if (options.length) return plausibleValue(rng.pick(options), rng);
  switch (schema.type) {
    case 'string': return plausibleString(schema, rng);
    case 'integer': case 'number': return plausibleNumber(schema, rng);
    case 'boolean': return rng.chance(0.5);
    case 'array': return schema.items ? [plausibleValue(schema.items, rng)] : [];
    case 'object': return plausibleObject(schema, rng);
    default: return schema.example ?? null;
  }
}

/** Every required property and about half of the optional ones, each plausible. */
export function plausibleObject(schema: JsonSchema, rng: Rng): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (schema.required?.includes(key) || rng.chance(0.5)) out[key] = plausibleValue(property, rng);
  }
  return out;
}

/** A value the schema should refuse, or one at its very edge: what a field's parser must survive. */
export function oddValue(schema: JsonSchema, rng: Rng): unknown {
  const roll = rng.below(10);
  if (roll < 2) return rng.pick(WRONG_TYPES);
  if (roll === 2) return randomJson(rng);
  if (schema.type === 'integer' || schema.type === 'number') {
    const edges = [schema.minimum, schema.maximum].filter((n): n is number => n !== undefined).flatMap((n) => [n - 1, n, n + 1]);
    return rng.pick([...BOUNDARY_NUMBERS, ...edges]);
  }
  if (roll < 5) return randomString(rng, rng.pick([8, 64, 400]));
  if (roll === 5 && schema.maxLength !== undefined) return 'x'.repeat(schema.maxLength + 1);
  return rng.pick(ODD_STRINGS);
}
