/**
 * What an uploaded file really is, decided by its first bytes ("magic numbers"), never
 * by its name or the content type the client claims: both are typed by whoever sends
 * the file, so an HTML page named `bill.pdf` must not be stored and served back as a
 * PDF (nor as HTML). Pure; no I/O.
 */

export interface FileType {
  /** The content type we store and serve the file with. */
  contentType: 'application/pdf' | 'image/png' | 'image/jpeg' | 'image/tiff' | 'image/webp';
  /** The extension a download gets, so the name agrees with the content. */
  extension: 'pdf' | 'png' | 'jpg' | 'tiff' | 'webp';
  label: 'PDF' | 'PNG' | 'JPEG' | 'TIFF' | 'WebP';
}

/** The first bytes, and for container formats (WebP is RIFF) a second mark further in. */
interface Signature { bytes: number[]; andAt?: { offset: number; bytes: number[] }; type: FileType }

const PDF: FileType = { contentType: 'application/pdf', extension: 'pdf', label: 'PDF' };
const PNG: FileType = { contentType: 'image/png', extension: 'png', label: 'PNG' };
const JPEG: FileType = { contentType: 'image/jpeg', extension: 'jpg', label: 'JPEG' };
const TIFF: FileType = { contentType: 'image/tiff', extension: 'tiff', label: 'TIFF' };
const WEBP: FileType = { contentType: 'image/webp', extension: 'webp', label: 'WebP' };

/** What a document may be (the staff's uploads). */
export const DOCUMENT_FILE_TYPES: readonly FileType[] = [PDF, PNG, JPEG, TIFF];
/** What a photo may be (a consumer's problem report): the formats phones take pictures in. */
export const PHOTO_FILE_TYPES: readonly FileType[] = [JPEG, PNG, WEBP];

/**
 * The allowed types. A PDF must start with its header at byte 0: readers tolerate
 * leading junk, but allowing it would let an HTML page with "%PDF-" further down pass.
 */
const SIGNATURES: Signature[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], type: PDF }, // "%PDF-"
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], type: PNG },
  { bytes: [0xff, 0xd8, 0xff], type: JPEG },
  { bytes: [0x49, 0x49, 0x2a, 0x00], type: TIFF }, // "II*\0", little-endian
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], type: TIFF }, // "MM\0*", big-endian
  { bytes: [0x49, 0x49, 0x2b, 0x00], type: TIFF }, // BigTIFF, little-endian
  { bytes: [0x4d, 0x4d, 0x00, 0x2b], type: TIFF }, // BigTIFF, big-endian
  { bytes: [0x52, 0x49, 0x46, 0x46], andAt: { offset: 8, bytes: [0x57, 0x45, 0x42, 0x50] }, type: WEBP }, // "RIFF" size "WEBP"
];


function startsWith(content: Uint8Array, bytes: number[], at = 0): boolean {
  return content.length >= at + bytes.length && bytes.every((byte, i) => content[at + i] === byte);
}

const matches = (content: Uint8Array, s: Signature) => startsWith(content, s.bytes) && (!s.andAt || startsWith(content, s.andAt.bytes, s.andAt.offset));

/** The file's type when it is one of `allowed` (by default, what a document may be); null for anything else. */
export function sniffFileType(content: Uint8Array, allowed: readonly FileType[] = DOCUMENT_FILE_TYPES): FileType | null {
  const type = SIGNATURES.find((s) => matches(content, s))?.type;
  return type && allowed.includes(type) ? type : null;
}

/** "PDF, PNG, JPEG or TIFF": the allowed types in words, for refusals. */
export function typeNames(allowed: readonly FileType[]): string {
  const labels = allowed.map((t) => t.label);
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}` : labels.join('');
}

// Only for wording the refusal: what a rejected file most likely is.
const MARKUP = /^(?:\ufeff)?\s*<(?:!doctype\s+html|html|head|body|script|svg|\?xml|iframe|meta|a\s|div|p[\s>])/i;

/** A short description of a refused file's content, for the message ("HTML", "a ZIP archive"…). */
export function describeContent(content: Uint8Array): string {
  if (!content.length) return 'an empty file';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(content.subarray(0, 512));
  if (MARKUP.test(head)) return /<svg|<\?xml/i.test(head) ? 'XML or SVG' : 'HTML';
  if (startsWith(content, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive (or an Office document)';
  if (startsWith(content, [0x47, 0x49, 0x46, 0x38])) return 'a GIF image';
  if (startsWith(content, [0x4d, 0x5a])) return 'a program';
  return /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]/.test(head) ? 'an unrecognised format' : 'plain text';
}
