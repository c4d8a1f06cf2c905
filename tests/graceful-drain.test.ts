/**
 * SIGTERM drains an API process (docs/operations.md): readiness turns 503, no new
 * connection is taken, a request in flight still gets its answer, and one that never
 * ends is cut at the limit. Liveness answers without touching the backing services.
 */
import { request } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Drain } from '../api/platform/drain.js';
import { startTestServer, type TestServer } from './support/app-server.js';

/** A sign-in whose JSON body is sent in two halves: the request is in flight until `finish` is called. */
function slowSignIn(baseUrl: string) {
  const body = JSON.stringify({ email: 'nobody@example.com', password: 'not the password' });
  const req = request(`${baseUrl}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } });
  const answer = new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
    req.on('response', (res) => { res.resume(); res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection })); });
    req.on('error', reject);
  });
  req.write(body.slice(0, 10));
  return { answer, finish: () => req.end(body.slice(10)) };
}

const waitUntil = async (check: () => boolean) => { while (!check()) await new Promise((resolve) => setTimeout(resolve, 10)); };

test('liveness answers; readiness reports the services', async () => {
  const server = await startTestServer('drain_health', { drain: new Drain() });
  try {
    const live = await fetch(`${server.baseUrl}/health/live`);
    assert.is(live.status, 200);
    assert.equal(await live.json(), { status: 'ok' });
    // Ready once its connections answer (the first Temporal connection can take a moment on a busy machine).
    let ready = await fetch(`${server.baseUrl}/health/ready`);
    for (let tries = 0; ready.status !== 200 && tries < 40; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      ready = await fetch(`${server.baseUrl}/health/ready`);
    }
    assert.is(ready.status, 200);
    assert.is(((await ready.json()) as { postgres: string }).postgres, 'ok');
  } finally {
    await server.close();
  }
});

test('a request in flight when the drain starts is answered; new connections are refused; readiness said draining', async () => {
  const drain = new Drain();
  const server: TestServer = await startTestServer('drain_inflight', { drain });
  try {
    const slow = slowSignIn(server.baseUrl);
    await waitUntil(() => drain.inFlight === 1);
    const started = performance.now();
    const drained = drain.drain(server.server, 10_000);
    assert.ok(drain.draining);
    const refused = await fetch(`${server.baseUrl}/health/live`).then(() => false, () => true);
    assert.ok(refused, 'a new connection is refused');
    setTimeout(slow.finish, 300);
    const answer = await slow.answer;
    assert.is(answer.status, 401, 'the sign-in in flight got its real answer');
    assert.is(answer.connection, 'close');
    assert.equal(await drained, { unfinished: 0 });
    assert.ok(performance.now() - started < 5000);
  } finally {
    await server.close();
  }
});

test('a request that never ends is cut at the limit', async () => {
  const drain = new Drain();
  const server = await startTestServer('drain_limit', { drain });
  try {
    const stuck = slowSignIn(server.baseUrl);
    stuck.answer.catch(() => undefined);
    await waitUntil(() => drain.inFlight === 1);
    const started = performance.now();
    assert.equal(await drain.drain(server.server, 500), { unfinished: 1 });
    const took = performance.now() - started;
    assert.ok(took >= 450 && took < 3000, `cut after ${took.toFixed(0)} ms`);
  } finally {
    await server.close();
  }
});

test('readiness answers 503 while draining', async () => {
  const drain = new Drain();
  const server = await startTestServer('drain_ready', { drain });
  try {
    // A kept-alive client sees the change before the connection is closed.
    const held = slowSignIn(server.baseUrl);
    await waitUntil(() => drain.inFlight === 1);
    const app = (await import('../api/app.js')).createApp(server.deps);
    const drained = drain.drain(server.server, 2000);
    const ready = await app.request('/health/ready');
    assert.is(ready.status, 503);
    assert.equal(await ready.json(), { status: 'draining' });
    held.finish();
    await held.answer;
    await drained;
  } finally {
    await server.close();
  }
});

test.run();
