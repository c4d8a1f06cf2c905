/** The error handler's safety net: PostgreSQL's refusal of a value is the client's 422 (and a logged gap), any other failure a 500. */
import { Hono } from 'hono';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AppEnv } from '../app-env.js';
import { renderError, VALUE_REFUSED_MESSAGE } from './errors.js';

/** An app whose one route throws what a database driver throws: an Error with a SQLSTATE code. */
function throwing(code: string | undefined) {
  const app = new Hono<AppEnv>();
  app.get('/api/v1/x', () => {
    throw Object.assign(new Error('from the database'), code ? { code } : {});
  });
  app.onError(renderError);
  return app;
}

const cases: Array<[string | undefined, number]> = [
  ['22021', 422], // invalid byte sequence (a NUL in text)
  ['22003', 422], // integer out of range
  ['22P02', 422], // invalid text representation (bad JSON text)
  ['22P05', 422], // untranslatable character
  ['22012', 500], // division by zero: our bug, not the client's
  ['23505', 500], // a unique violation unmapped by the ORM: not a value refusal
  [undefined, 500],
];
for (const [code, status] of cases) {
  test(`a driver error with SQLSTATE ${code ?? '(none)'} → ${status}`, async () => {
    const response = await throwing(code).request('/api/v1/x');
    assert.is(response.status, status);
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.is(body.error.message === VALUE_REFUSED_MESSAGE, status === 422);
  });
}

test.run();
