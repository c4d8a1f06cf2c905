/**
 * Streams COPY text into a table with COPY … FROM STDIN: far faster than INSERTs. The
 * text is written in slices that respect the socket's backpressure, so a large chunk
 * never sits twice in memory.
 */
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/** About 1 MB per write: big enough to keep the connection busy, small enough to bound memory. */
const SLICE = 1 << 20;

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A slice of the text without copying it: bytes as a Buffer view, a string as a substring. */
function slice(text: string | Uint8Array, at: number): string | Buffer {
  if (typeof text === 'string') return text.slice(at, at + SLICE);
  return Buffer.from(text.buffer, text.byteOffset + at, Math.min(SLICE, text.length - at));
}

/**
 * COPYs `text` (COPY text format, one line per row; a string or its UTF-8 bytes) into
 * `columns` of `table`. `freeze` (allowed only for a table truncated in this transaction)
 * writes the rows already frozen and all-visible, sparing the first readers and vacuum a
 * rewrite of every page.
 */
export async function copyText(client: pg.ClientBase, table: string, columns: readonly string[], text: string | Uint8Array, freeze = false): Promise<void> {
  if (text.length === 0) return;
  const sql = `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN${freeze ? ' WITH (FREEZE)' : ''}`;
  const stream = client.query(copyFrom(sql));
  for (let at = 0; at < text.length; at += SLICE) {
    // events.once also rejects on 'error', so a failed COPY cannot leave us waiting forever.
    if (!stream.write(slice(text, at))) await once(stream, 'drain');
  }
  stream.end();
  await finished(stream);
}
