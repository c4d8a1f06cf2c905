/**
 * The name a stored file carries and the `Content-Disposition` header it is downloaded
 * with. File names come from whoever uploaded the file, so they are cleaned before they
 * are stored and again before they go into a header: no path, no control characters
 * (a CR/LF would let a name inject headers), no bidirectional overrides (which make
 * "invoice‮fdp.exe" look like "invoiceexe.pdf"). Pure; no I/O.
 */

const MAX_NAME_LENGTH = 180;
const FALLBACK_NAME = 'document';

// C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings/overrides/isolates.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** Extensions that already agree with a type (a JPEG may be `.jpeg`, a TIFF `.tif`). */
// Lone surrogate halves cannot be percent-encoded (encodeURIComponent throws on them).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const SYNONYMS: Record<string, string[]> = { jpg: ['jpg', 'jpeg'], tiff: ['tiff', 'tif'] };

/** A client's file name made safe to store and show: base name only, no control characters, bounded length. */
export function cleanFileName(raw: string): string {
  const base = raw.replace(LONE_SURROGATE, '\uFFFD').split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(UNSAFE, '').replace(/\s+/g, ' ').trim().replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (!cleaned) return FALLBACK_NAME;
  if (cleaned.length <= MAX_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, MAX_NAME_LENGTH - extension.length) + extension;
}

/**
 * The name with the extension that matches the file's real type: `scan.pdf` that is
 * a PNG becomes `scan.png`, so the saved file opens in the right program.
 */
export function withExtension(name: string, extension: string): string {
  const dot = name.lastIndexOf('.');
  const current = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if ((SYNONYMS[extension] ?? [extension]).includes(current)) return name;
  const stem = dot > 0 && current.length <= 5 ? name.slice(0, dot) : name;
  return `${stem}.${extension}`;
}

/** An ASCII-only stand-in for old clients: accents dropped, anything else unsafe in a quoted string replaced. */
function asciiFallback(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return ascii.replace(/_+/g, '_');
}

/** RFC 5987 `value-chars`: percent-encode all but attr-char (encodeURIComponent leaves ' ( ) * too). */
function rfc5987(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `attachment` (never `inline`: the browser saves the file instead of rendering it in
 * our origin), with a plain `filename` for old clients and the exact UTF-8 name in
 * `filename*` (RFC 6266 / RFC 5987) for the rest.
 */
export function attachmentDisposition(fileName: string): string {
  const name = cleanFileName(fileName);
  return `attachment; filename="${asciiFallback(name)}"; filename*=UTF-8''${rfc5987(name)}`;
}
