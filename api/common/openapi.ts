/**
 * The OpenAPI side of the JSON API: the error body, the shared responses, the
 * content helpers every route file uses, and a router that turns bad input into 422.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { Invalid, NotFound } from '../../domain/common/errors.js';
import type { AppEnv } from '../app-env.js';

/** The error body of the API (docs/api.md), for the OpenAPI document. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error');

export const errorResponses = {
  400: { description: 'Malformed request', content: { 'application/json': { schema: ErrorBody } } },
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorBody } } },
  403: { description: 'Role not allowed', content: { 'application/json': { schema: ErrorBody } } },
  422: { description: 'Invalid values; details.fields names each field', content: { 'application/json': { schema: ErrorBody } } },
} as const;

/** A JSON content entry of an OpenAPI response; with a description, a whole response. */
export function json<T extends z.ZodTypeAny>(schema: T): { content: { 'application/json': { schema: T } } };
export function json<T extends z.ZodTypeAny>(schema: T, description: string): { description: string; content: { 'application/json': { schema: T } } };
export function json<T extends z.ZodTypeAny>(schema: T, description?: string) {
  const content = { 'application/json': { schema } };
  return description === undefined ? { content } : { description, content };
}

/** A required JSON request body of an OpenAPI route. */
export function body<T extends z.ZodTypeAny>(schema: T) {
  return { body: { required: true, content: { 'application/json': { schema } } } };
}

/** Names each bad field (`a.b`) with zod's message, for the 422 body and inline form errors. */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '(body)';
    fields[key] ??= issue.message;
  }
  return fields;
}

/**
 * A router whose request validation failures become 422 with every bad field named; a path
 * parameter that fails its schema (an id beyond int4, a NUL in an account number) names
 * no record, so it is a 404.
 */
export function apiRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const fields = fieldErrors(result.error.issues);
      if (result.target === 'param') throw new NotFound(`The record this ${Object.keys(fields).join(' and ')} names`);
      throw new Invalid(`Invalid ${result.target}: ${Object.keys(fields).join(', ')}`, fields);
    },
  });
}

export type ApiRouter = ReturnType<typeof apiRouter>;
