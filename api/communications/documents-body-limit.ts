/**
 * The request-size limit of document uploads. Every other request keeps the app's
 * 1 MiB limit; an upload may carry a file of up to DOCUMENT_MAX_BYTES. It applies to
 * signed-in callers only (api/app.ts picks the limit after authentication, which reads no
 * body) and runs before CSRF (which may read it), so an oversized upload is refused with
 * 413 before anything holds it in memory.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { PayloadTooLarge } from '../../domain/common/errors.js';
import { drainingBodyLimit } from '../middleware/body-limit.js';

/** Multipart framing and the title/kind fields ride on top of the file; the domain checks the file's own size exactly. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** The upload routes: the JSON API's and the profile page's. */
const UPLOAD_PATH = /^(?:\/api\/v1)?\/accounts\/[^/]+\/documents\/?$/;

export function isDocumentUpload(c: Context): boolean {
  return c.req.method === 'POST' && UPLOAD_PATH.test(c.req.path);
}

function mebibytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB` : `${mib.toFixed(1)} MiB`;
}

export function documentUploadLimit(maxBytes: number): MiddlewareHandler {
  return drainingBodyLimit(maxBytes + FORM_OVERHEAD_BYTES,
    () => new PayloadTooLarge(`The upload is too large: a document may be at most ${mebibytes(maxBytes)}.`));
}
