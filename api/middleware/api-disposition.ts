/**
 * JSON answers of the API say `Content-Disposition: attachment`, so a browser sent to an API
 * URL saves the answer instead of rendering it (no reflected content in our origin's page).
 * Scripts and fetch ignore the header; downloads that name their own file keep theirs.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import { setAnswerHeader } from '../common/answer-header.js';

export const apiAnswersAsAttachments = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const json = (c.res.headers.get('Content-Type') ?? '').startsWith('application/json');
  if (json && !c.res.headers.has('Content-Disposition')) setAnswerHeader(c, 'Content-Disposition', 'attachment; filename="api.json"');
});
