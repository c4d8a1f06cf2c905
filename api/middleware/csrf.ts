/** Cross-site request forgery protection for browser requests. */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { timingSafeEqual } from 'node:crypto';
import { Forbidden } from '../../domain/common/errors.js';
import type { AppEnv } from '../app-env.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameOrigin(origin: string, requestUrl: string, publicUrl?: string): boolean {
  const allowed = [new URL(requestUrl).origin];
  if (publicUrl) allowed.push(new URL(publicUrl).origin);
  return allowed.includes(origin);
}

/** Compared as bytes: a sent token of the right length in characters but not in bytes (`é…`) is a mismatch, not a throw. */
function tokensMatch(sent: string | undefined, expected: string): boolean {
  if (!sent) return false;
  const [sentBytes, expectedBytes] = [Buffer.from(sent), Buffer.from(expected)];
  return sentBytes.length === expectedBytes.length && timingSafeEqual(sentBytes, expectedBytes);
}

async function sentToken(c: Context<AppEnv>): Promise<string | undefined> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    const body = await c.req.parseBody();
    return typeof body._csrf === 'string' ? body._csrf : undefined;
  }
  return undefined;
}

/**
 * Cross-site request forgery protection for browser requests (bearer-token calls carry
 * no ambient credentials and are exempt): a state-changing request must come from our
 * own origin, and when a session cookie authenticates it, carry the session's token.
 */
export const csrfProtection = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method) || c.get('authVia') === 'token') return next();
  const origin = c.req.header('origin');
  const fetchSite = c.req.header('sec-fetch-site');
  if (origin && !sameOrigin(origin, c.req.url, c.get('deps').config.PUBLIC_URL)) {
    throw new Forbidden('Cross-site request refused.');
  }
  if (!origin && fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw new Forbidden('Cross-site request refused.');
  }
  const session = c.get('session');
  if (session && !tokensMatch(await sentToken(c), session.csrfToken)) {
    throw new Forbidden('The form has expired or was not sent from Cistern; reload the page and try again.');
  }
  await next();
});
