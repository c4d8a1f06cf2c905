/**
 * Small real files of each accepted type, built in memory, and files that only pretend
 * to be one (an HTML page named `.pdf`), for the document tests.
 */

/** A complete one-page PDF (text objects only). */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');

/** A 1×1 transparent PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** A JPEG's start-of-image and JFIF header, some body, and its end-of-image marker. */
export const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0', 'latin1'),
  Buffer.from([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]), Buffer.alloc(64, 0x11), Buffer.from([0xff, 0xd9]),
]);

/** A little-endian TIFF header pointing at an empty directory. */
export const TIFF = Buffer.concat([Buffer.from('II*\0', 'latin1'), Buffer.from([8, 0, 0, 0, 0, 0, 0, 0, 0, 0])]);

/** An HTML page that would run a script if it were ever served as HTML. */
export const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script>%PDF-1.4</body></html>', 'utf8');

/** A file of `size` bytes that is a valid PDF by its first bytes. */
export function pdfOfSize(size: number): Buffer {
  const body = Buffer.alloc(size, 0x20);
  PDF.copy(body, 0, 0, Math.min(PDF.length, size));
  return body;
}

/** A multipart body for fetch: the file under `file` (with the name and type the client claims) and the text fields. */
export function uploadForm(file: { content: Buffer; name: string; type?: string } | null, fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  if (file) form.append('file', new Blob([new Uint8Array(file.content)], { type: file.type ?? 'application/octet-stream' }), file.name);
  return form;
}
