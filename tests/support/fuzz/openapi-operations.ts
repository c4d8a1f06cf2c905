// The operations of the app's own OpenAPI document, with every `$ref` resolved, as the
// fuzzer's list of what to call: method, path template, parameters and request body.
import type { JsonSchema } from './odd-values.js';

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  /** The path under /api/v1, with `{name}` placeholders. */
  path: string;
  parameters: Parameter[];
  body: { contentType: string; schema: JsonSchema } | null;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Replaces every `$ref` to a component schema by the schema itself. */
function resolve(value: unknown, components: Record<string, JsonSchema>): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, components));
  if (!value || typeof value !== 'object') return value;
  const ref = (value as { $ref?: string }).$ref;
  if (ref) return resolve(components[ref.replace('#/components/schemas/', '')], components);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, components)]));
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export function operationsOf(document: OpenApiDocument): Operation[] {
  const components = document.components?.schemas ?? {};
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const content = operation.requestBody?.content ?? {};
      const [contentType] = Object.keys(content);
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: resolve(operation.parameters ?? [], components) as Parameter[],
        body: contentType ? { contentType, schema: resolve(content[contentType].schema, components) as JsonSchema } : null,
      });
    }
  }
  return operations;
}
