/**
 * `Cache-Control: no-store` on every answer that does not choose its own caching: pages,
 * JSON and errors may carry personal data, and no browser or proxy should keep a copy.
 * Static files set their own (public) caching and keep it.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import { setAnswerHeader } from '../common/answer-header.js';

export const noStoreUnlessCacheable = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (!c.res.headers.has('Cache-Control')) setAnswerHeader(c, 'Cache-Control', 'no-store');
});
