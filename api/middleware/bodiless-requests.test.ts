/**
 * A GET never has its body asked for by the body limit or the form check: on the Node adapter,
 * reading `raw.body` builds a whole fetch Request, a cost every dashboard and search request paid.
 */
import { Hono } from 'hono';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BadRequest, PayloadTooLarge } from '../../domain/common/errors.js';
import { drainingBodyLimit, refusingBodyLimit } from './body-limit.js';
import { readableFormBody } from './form-body.js';

const bodyGetter = Object.getOwnPropertyDescriptor(Request.prototype, 'body')?.get;

/** A Request that counts how often its body is asked for. */
function watchedRequest(init: RequestInit): { request: Request; bodyReads: () => number } {
  const request = new Request('http://localhost/', init);
  let reads = 0;
  Object.defineProperty(request, 'body', { get: () => { reads += 1; return bodyGetter?.call(request); } });
  return { request, bodyReads: () => reads };
}

const tooLarge = () => new PayloadTooLarge('too large');
const middlewares = {
  drainingBodyLimit: drainingBodyLimit(16, tooLarge),
  refusingBodyLimit: refusingBodyLimit(16, tooLarge),
  readableFormBody,
};

for (const [name, middleware] of Object.entries(middlewares)) {
  test(`${name} leaves a GET's body unread, and still reads a POST's`, async () => {
    const app = new Hono().use('*', middleware).all('/', (c) => c.text('ok'));
    app.onError((error, c) => c.text(error.message, error instanceof BadRequest ? 400 : 413));
    const get = watchedRequest({ headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.is((await app.fetch(get.request)).status, 200);
    assert.is(get.bodyReads(), 0);
    const post = watchedRequest({ method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.is((await app.fetch(post.request)).status, 200);
    assert.ok(post.bodyReads() > 0);
  });
}

test.run();
