/**
 * A request-body size limit that answers 413 reliably. `hono/body-limit` answers as soon
 * as Content-Length is too big, without reading the body; the client is then still
 * sending when the answer arrives, and the server closes the connection soon after
 * (@hono/node-server stops draining after 500 ms). A browser reports a network error
 * instead of the 413, and an API client's next request on that keep-alive connection
 * fails. So an oversized body is read to its end and thrown away before the 413 goes
 * out. Past DRAIN_CAP we stop reading: nobody legitimate sends that much.
 */
import type { MiddlewareHandler } from 'hono';
import type { DomainError } from '../../domain/common/errors.js';

const DRAIN_CAP = 64 * 1024 * 1024;

/** Reads and drops what is left of a body, up to `budget` bytes. */
async function discard(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<void> {
  for (let left = budget; left > 0;) {
    const { done, value } = await reader.read();
    if (done) return;
    left -= value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
}

/** A body sent without a declared length, counted as it arrives; null once it passes `limit`. */
async function readUpTo(reader: ReadableStreamDefaultReader<Uint8Array>, limit: number): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await discard(reader, DRAIN_CAP - size);
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  chunks.reduce((offset, chunk) => { body.set(chunk, offset); return offset + chunk.byteLength; }, 0);
  return body;
}

/** Refuses bodies over `maxBytes` with the error `tooLarge()` makes (a 413 for the app's error handler). */
export function drainingBodyLimit(maxBytes: number, tooLarge: () => DomainError): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.header('transfer-encoding')) {
      // The HTTP parser holds a body to its declared length, so the header can be trusted.
      if (Number(declared) <= maxBytes) return next();
      await discard(body.getReader(), DRAIN_CAP);
      throw tooLarge();
    }
    const read = await readUpTo(body.getReader(), maxBytes);
    if (!read) throw tooLarge();
    c.req.raw = new Request(c.req.raw, { body: read });
    return next();
  };
}
