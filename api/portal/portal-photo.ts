/**
 * The portal's photo uploads and downloads: the body limit of a problem report (which may carry a
 * photo of up to PHOTO_MAX_BYTES, where every other request keeps 1 MiB), and the answer that
 * serves a stored photo back to its consumer.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { PayloadTooLarge } from '../../domain/common/errors.js';
import { attachmentDisposition } from '../../domain/communications/content-disposition.js';
import type { DocumentFile } from '../../domain/communications/document-queries.js';
import type { AppEnv } from '../app-env.js';
import { drainingBodyLimit } from '../middleware/body-limit.js';

/** Multipart framing and the description ride on top of the photo; the domain checks the photo's own size exactly. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** The two routes a problem report is posted to: the JSON API's and the /my page's. */
const REPORT_PATH = /^(?:\/api\/v1\/me|\/my)\/problems\/?$/;

export function isProblemReport(c: Context): boolean {
  return c.req.method === 'POST' && REPORT_PATH.test(c.req.path);
}

export function problemReportLimit(maxBytes: number): MiddlewareHandler {
  const mib = (maxBytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
  return drainingBodyLimit(maxBytes + FORM_OVERHEAD_BYTES, () => new PayloadTooLarge(`The photo is too large: it may be at most ${mib} MiB.`));
}

/** A stored photo with its sniffed content type, never cached by anyone else; `inline` for an <img>, else a download. */
export function photoResponse(c: Context<AppEnv>, file: DocumentFile, inline = false): Response {
  return c.body(new Uint8Array(file.content), 200, {
    'Content-Type': file.contentType,
    'Content-Length': String(file.sizeBytes),
    'Content-Disposition': inline ? 'inline' : attachmentDisposition(file.fileName),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
}

/** The photo part of a report as the domain takes it; a part that is really "no file chosen" (a browser sends an empty, nameless one) is none. */
export async function photoOf(file: File | string | undefined): Promise<{ fileName: string; content: Uint8Array } | null> {
  return file instanceof File && (file.size > 0 || file.name) ? { fileName: file.name, content: new Uint8Array(await file.arrayBuffer()) } : null;
}
