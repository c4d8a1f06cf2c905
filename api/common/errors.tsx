/**
 * One place maps everything thrown to an HTTP answer: the JSON error body for the API,
 * an error page or fragment for the browser.
 */
import { NotFoundError, OptimisticLockError, UniqueConstraintViolationException, ValidationError } from '@mikro-orm/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { Conflict, DomainError, Invalid, NotFound, TooManyRequests } from '../../domain/common/errors.js';
import { ErrorFragment, ErrorPage } from '../../views/common/error.view.js';
import type { AppEnv } from '../app-env.js';
import { loggedPath } from './logged-path.js';
import { shellUser } from './shell.js';

/**
 * PostgreSQL's refusals of a value itself (SQLSTATE class 22: NUL or broken text, a number out of
 * range, bad JSON text). Only client input gets there unchecked, so they are the client's
 * error (422) — but each one is a gap in validation, logged as a warning to be closed.
 */
const VALUE_REFUSED = new Set(['22001', '22003', '22007', '22008', '22021', '22025', '22P02', '22P05']);
export const VALUE_REFUSED_MESSAGE = 'A value in this request cannot be stored (out of range, or text with characters that are not allowed).';

function isRefusedValue(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return error instanceof Error && typeof code === 'string' && VALUE_REFUSED.has(code);
}

/** Turns anything thrown into a DomainError; a truly unexpected error stays unmapped (500). */
function toDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  if (isRefusedValue(error)) return new Invalid(VALUE_REFUSED_MESSAGE);
  if (error instanceof HTTPException) {
    if (error.status === 413) return new DomainError(413, 'payload_too_large', 'The request body is too large.');
    if (error.status < 500) return new DomainError(error.status === 401 ? 401 : 400, 'bad_request', error.message || 'Malformed request.');
  }
  if (error instanceof OptimisticLockError) {
    return new Conflict('Someone else changed this record since you loaded it; reload and try again.', { reason: 'stale_version' });
  }
  if (error instanceof UniqueConstraintViolationException) return new Conflict('That would duplicate an existing record.', { reason: 'duplicate' });
  if (error instanceof NotFoundError) return new NotFound('The record');
  if (error instanceof ValidationError) return new Invalid(error.message);
  return null;
}

function wantsJson(c: Context<AppEnv>): boolean {
  if (c.req.path.startsWith('/api/')) return true;
  return (c.req.header('accept') ?? '').includes('application/json') && !c.req.header('hx-request');
}

/** The one error mapping of docs/api.md: JSON for /api, a fragment for htmx, a page otherwise. */
export function renderError(error: unknown, c: Context<AppEnv>) {
  const mapped = toDomainError(error);
  if (!mapped) {
    c.get('log')?.error({ err: error, path: loggedPath(c.req.path) }, 'unhandled error');
  } else if (isRefusedValue(error)) {
    c.get('log')?.warn({ err: error, path: loggedPath(c.req.path) }, 'unvalidated input reached the database');
  }
  const domain = mapped ?? new DomainError(503, 'internal', 'Something went wrong on our side; it has been logged. Try again.');
  const status = (mapped ? mapped.status : 500) as ContentfulStatusCode;
  if (domain instanceof TooManyRequests) c.header('Retry-After', String(domain.retryAfterSeconds));
  if (wantsJson(c)) {
    const body: { error: { code: string; message: string; details?: Record<string, unknown> } } = {
      error: { code: domain.code, message: domain.message },
    };
    if (domain.details) body.error.details = domain.details;
    return c.json(body, status);
  }
  if (status === 401 && !c.req.header('hx-request')) {
    return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
  }
  const fields = domain instanceof Invalid ? domain.fields : undefined;
  if (c.req.header('hx-request')) {
    c.header('HX-Retarget', '#flash');
    c.header('HX-Reswap', 'innerHTML');
    return c.html(<ErrorFragment message={domain.message} fields={fields} />, status);
  }
  const user = c.get('user') ? shellUser(c) : null;
  return c.html(<ErrorPage status={status} message={domain.message} user={user} />, status);
}

export function renderNotFound(c: Context<AppEnv>) {
  return renderError(new NotFound('The page', c.req.path), c);
}
