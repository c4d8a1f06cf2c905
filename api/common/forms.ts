/** Browser forms parsed with the same zod schemas as the JSON API, bad fields named for inline errors. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { Invalid } from '../../domain/common/errors.js';
import type { AppEnv } from '../app-env.js';
import { fieldErrors } from './openapi.js';

/**
 * Browser forms: parse the posted fields with a zod schema; a bad field becomes
 * `Invalid` with every field named, which a form route re-renders inline (422) next to
 * the fields, keeping what the person typed.
 */
export type FormValues = Record<string, string>;

/** The posted form as plain strings (files are read separately with `c.req.parseBody()`). */
export async function formValues(c: Context<AppEnv>): Promise<FormValues> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, (v as string).trim()]));
}

/** Parses posted fields (a repeated field, like a group of checkboxes, as a list) with a command's schema. */
export function parseForm<T extends z.ZodTypeAny>(schema: T, values: Record<string, string | string[]>): z.infer<T> {
  // Empty inputs mean "not given", so optional fields stay optional.
  const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
  const result = schema.safeParse(given);
  if (!result.success) throw new Invalid('Please correct the fields marked below.', fieldErrors(result.error.issues));
  return result.data;
}

/**
 * Runs a form submission: on `Invalid`, answers the form again (422) with the errors
 * and the submitted values; any other error goes to the app's error handler.
 */
export async function handleForm<T>(
  c: Context<AppEnv>,
  submit: (values: FormValues) => Promise<T>,
  rerender: (values: FormValues, errors: Record<string, string>, message: string) => Response | Promise<Response>,
  onSuccess: (result: T) => Response | Promise<Response>,
): Promise<Response> {
  const values = await formValues(c);
  try {
    return await onSuccess(await submit(values));
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    c.status(422);
    return rerender(values, error.fields, error.message);
  }
}
