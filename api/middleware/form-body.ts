/**
 * A posted form (urlencoded or multipart) that cannot be parsed is the client's error: a
 * 400 here, once, instead of a TypeError wherever a route, the CSRF check or the sign-in
 * form first reads it. The parsed form is cached by Hono, so routes read it again for free.
 */
import { createMiddleware } from 'hono/factory';
import { BadRequest } from '../../domain/common/errors.js';
import type { AppEnv } from '../app-env.js';
import { isBodiless } from './body-limit.js';

const FORM_TYPES = /^(?:application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

export const readableFormBody = createMiddleware<AppEnv>(async (c, next) => {
  if (!isBodiless(c.req.method) && FORM_TYPES.test(c.req.header('content-type') ?? '') && c.req.raw.body) {
    try {
      await c.req.formData();
    } catch {
      throw new BadRequest('The form could not be read (malformed body).');
    }
  }
  await next();
});
