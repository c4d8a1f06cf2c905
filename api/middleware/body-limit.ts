/**
 * Request-body size limits that answer 413 reliably. `hono/body-limit` answers as soon
 * as Content-Length is too big, without reading the body; the client is then still
 * sending when the answer arrives, and the server closes the connection soon after
 * (@hono/node-server stops draining after 500 ms). A browser reports a network error
 * instead of the 413, and an API client's next request on that keep-alive connection
 * fails. So for a signed-in caller an oversized body is read to its end and thrown away
 * before the 413 goes out (past DRAIN_CAP we stop reading: nobody legitimate sends that
 * much). A caller who is not signed in gets no such courtesy: `refusingBodyLimit` answers
 * at once and closes the connection, so an anonymous upload never holds the server.
 */
import type { Context, MiddlewareHandler } from 'hono';
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

/** Leaves the rest of a body unread: the answer goes out and the connection closes behind it. */
async function abandon(): Promise<void> {}

type Overflow = (reader: ReadableStreamDefaultReader<Uint8Array>, readSoFar: number) => Promise<void>;

/** A body sent without a declared length, counted as it arrives; null once it passes `limit` (then `overflow` deals with the rest). */
async function readUpTo(reader: ReadableStreamDefaultReader<Uint8Array>, limit: number, overflow: Overflow): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await overflow(reader, size);
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  chunks.reduce((offset, chunk) => { body.set(chunk, offset); return offset + chunk.byteLength; }, 0);
  return body;
}

/**
 * GET and HEAD carry no body (the Node adapter gives them none, and a fetch Request cannot have one).
 * Asked before `raw.body`: reading that makes the Node adapter build a whole fetch Request, ~5 % of a GET's CPU.
 */
export function isBodiless(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

function bodyLimit(maxBytes: number, tooLarge: () => DomainError, overflow: Overflow, beforeRefusal: (c: Context) => void): MiddlewareHandler {
  return async (c, next) => {
    if (isBodiless(c.req.method)) return next();
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.header('transfer-encoding')) {
      // The HTTP parser holds a body to its declared length, so the header can be trusted.
      if (Number(declared) <= maxBytes) return next();
      await overflow(body.getReader(), 0);
      beforeRefusal(c);
      throw tooLarge();
    }
    const read = await readUpTo(body.getReader(), maxBytes, overflow);
    if (!read) {
      beforeRefusal(c);
      throw tooLarge();
    }
    c.req.raw = new Request(c.req.raw, { body: read });
    return next();
  };
}

/** Refuses bodies over `maxBytes` with the error `tooLarge()` makes (a 413 for the app's error handler), after draining them. */
export function drainingBodyLimit(maxBytes: number, tooLarge: () => DomainError): MiddlewareHandler {
  return bodyLimit(maxBytes, tooLarge, (reader, readSoFar) => discard(reader, DRAIN_CAP - readSoFar), () => undefined);
}

/** Refuses bodies over `maxBytes` without reading another byte of them, and closes the connection after the 413. */
export function refusingBodyLimit(maxBytes: number, tooLarge: () => DomainError): MiddlewareHandler {
  return bodyLimit(maxBytes, tooLarge, abandon, (c) => c.header('Connection', 'close'));
}
