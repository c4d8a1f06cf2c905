/** Per-request setup: an id (which the audit rows written for it carry), a logger that carries it, and an ORM fork of the request's own. */
import { RequestContext } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { withWriteOrigin } from '../../domain/audit/write-origin.js';
import type { AppDeps, AppEnv } from '../app-env.js';
import { fromTrustedProxy } from '../common/client-address.js';
import { loggedPath } from '../common/logged-path.js';

/**
 * Gives every request an id (echoed in `X-Request-Id`, and kept on every audit row the
 * request writes), a logger that carries it, and its own ORM fork so identity maps never
 * leak between requests. An id sent with the request is kept only from a proxy in
 * TRUST_PROXY (a balancer that numbers requests): anyone else could tag their writes in the
 * audit log with an id of their choosing, another request's among them.
 */
export function requestContext(deps: AppDeps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('deps', deps);
    const incoming = fromTrustedProxy(c) ? c.req.header('x-request-id') : undefined;
    const requestId = incoming && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    const em = deps.orm.em.fork();
    c.set('requestId', requestId);
    c.set('log', deps.log.child({ requestId }));
    c.set('em', em);
    c.set('user', null);
    c.set('session', null);
    c.set('authVia', null);
    c.set('apiTokenId', null);
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await withWriteOrigin({ requestId }, () => RequestContext.create(em, next));
    c.get('log').debug({ method: c.req.method, path: loggedPath(c.req.path), status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  });
}
