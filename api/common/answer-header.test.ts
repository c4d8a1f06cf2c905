/**
 * Headers added after `await next()` land on the handler's own answer, not on a copy: a copy makes
 * @hono/node-server read the page back through a stream (api/common/answer-header.ts). Answers with
 * read-only headers still get the header, through the copy.
 */
import { createServer } from 'node:http';
import { Hono, type MiddlewareHandler } from 'hono';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { noStoreUnlessCacheable } from '../middleware/cache-control.js';
import { apiAnswersAsAttachments } from '../middleware/api-disposition.js';
import { Drain } from '../platform/drain.js';
import { setAnswerHeader } from './answer-header.js';

/** An app whose one route answers with `answer`, and the answer the handler made, to compare with what the app returns. */
function appAnswering(middleware: MiddlewareHandler, answer: (c: Parameters<MiddlewareHandler>[0]) => Response) {
  let made: Response | undefined;
  const app = new Hono().use('*', middleware).get('/', (c) => {
    made = answer(c);
    return made;
  });
  return { app, made: () => made };
}

const cases: { name: string; middleware: MiddlewareHandler; answer: (c: Parameters<MiddlewareHandler>[0]) => Response; header: string; value: string }[] = [
  { name: 'no-store on a page', middleware: noStoreUnlessCacheable, answer: (c) => c.html('<p>page</p>'), header: 'cache-control', value: 'no-store' },
  { name: 'attachment on API JSON', middleware: apiAnswersAsAttachments, answer: (c) => c.json({ ok: true }), header: 'content-disposition', value: 'attachment; filename="api.json"' },
];

for (const { name, middleware, answer, header, value } of cases) {
  test(`${name}: set on the handler's own answer, not a copy`, async () => {
    const { app, made } = appAnswering(middleware, answer);
    const response = await app.fetch(new Request('http://localhost/'));
    assert.is(response, made());
    assert.is(response.headers.get(header), value);
  });
}

test('a draining process closes the connection on the answer itself', async () => {
  const drain = new Drain();
  // A listening server with no connections: draining it closes it at once.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await drain.drain(server);
  const { app, made } = appAnswering(drain.middleware, (c) => c.text('ok'));
  const response = await app.fetch(new Request('http://localhost/'));
  assert.is(response, made());
  assert.is(response.headers.get('connection'), 'close');
});

test('an answer with read-only headers gets the header through a copy', async () => {
  const app = new Hono().use('*', async (c, next) => {
    await next();
    setAnswerHeader(c, 'Cache-Control', 'no-store');
  }).get('/', () => Response.redirect('http://localhost/elsewhere', 302));
  const response = await app.fetch(new Request('http://localhost/'));
  assert.is(response.status, 302);
  assert.is(response.headers.get('location'), 'http://localhost/elsewhere');
  assert.is(response.headers.get('cache-control'), 'no-store');
});

test.run();
