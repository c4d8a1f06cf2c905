import { OpenAPIHono, z } from '@hono/zod-openapi';
import { Invalid } from '../../domain/shared/errors.js';
import type { AppEnv } from '../app-env.js';

/** The error body of API.md, for the OpenAPI document. */
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

/** Names each bad field (`a.b`) with zod's message, for the 422 body and inline form errors. */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '(body)';
    fields[key] ??= issue.message;
  }
  return fields;
}

/** A router whose request validation failures become 422 with every bad field named. */
export function apiRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const fields = fieldErrors(result.error.issues);
        throw new Invalid(`Invalid ${result.target}: ${Object.keys(fields).join(', ')}`, fields);
      }
    },
  });
}

export type ApiRouter = ReturnType<typeof apiRouter>;
