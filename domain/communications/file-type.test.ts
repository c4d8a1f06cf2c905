/** Unit tests: uploads are judged by their bytes (PDF, PNG, JPEG, TIFF). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeContent, PHOTO_FILE_TYPES, sniffFileType, typeNames } from './file-type.js';

const bytes = (...parts: Array<number[] | string>) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

interface Case { name: string; content: Uint8Array; type: string | null; looksLike?: string }
const cases: Case[] = [
  { name: 'a PDF', content: bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj'), type: 'application/pdf' },
  { name: 'a PNG', content: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'), type: 'image/png' },
  { name: 'a JPEG (JFIF)', content: bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF'), type: 'image/jpeg' },
  { name: 'a JPEG (Exif)', content: bytes([0xff, 0xd8, 0xff, 0xe1, 0, 16], 'Exif'), type: 'image/jpeg' },
  { name: 'a little-endian TIFF', content: bytes('II*\0', [8, 0, 0, 0]), type: 'image/tiff' },
  { name: 'a big-endian TIFF', content: bytes('MM\0*', [0, 0, 0, 8]), type: 'image/tiff' },
  { name: 'a BigTIFF', content: bytes('II+\0', [8, 0, 0, 0]), type: 'image/tiff' },
  { name: 'HTML named anything', content: bytes('<!DOCTYPE html><html><body>%PDF-1.4</body></html>'), type: null, looksLike: 'HTML' },
  { name: 'HTML after a BOM and spaces', content: bytes('\xef\xbb\xbf  <script>alert(1)</script>'), type: null, looksLike: 'HTML' },
  { name: 'SVG (can carry scripts)', content: bytes('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'), type: null, looksLike: 'XML or SVG' },
  { name: 'PDF header not at byte 0', content: bytes(' %PDF-1.4'), type: null, looksLike: 'plain text' },
  { name: 'a truncated PNG signature', content: bytes([0x89, 0x50, 0x4e, 0x47]), type: null },
  { name: 'a GIF', content: bytes('GIF89a'), type: null, looksLike: 'a GIF image' },
  { name: 'a ZIP / docx', content: bytes([0x50, 0x4b, 0x03, 0x04, 20, 0]), type: null, looksLike: 'a ZIP archive (or an Office document)' },
  { name: 'a Windows program', content: bytes('MZ\x90\0\x03\0'), type: null, looksLike: 'a program' },
  { name: 'plain text', content: bytes('Dear customer, your bill'), type: null, looksLike: 'plain text' },
  { name: 'empty', content: new Uint8Array(0), type: null, looksLike: 'an empty file' },
  { name: 'random binary', content: bytes([0, 1, 2, 3, 0xfe, 0xff]), type: null, looksLike: 'an unrecognised format' },
];

for (const c of cases) {
  test(c.name, () => {
    assert.is(sniffFileType(c.content)?.contentType ?? null, c.type);
    if (c.looksLike) assert.is(describeContent(c.content), c.looksLike);
  });
}

test('each accepted type names its download extension', () => {
  assert.is(sniffFileType(bytes('%PDF-1.4'))?.extension, 'pdf');
  assert.is(sniffFileType(bytes([0xff, 0xd8, 0xff, 0xdb]))?.extension, 'jpg');
  assert.is(sniffFileType(bytes('MM\0*'))?.label, 'TIFF');
});

const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ');
const photoCases: Case[] = [
  { name: 'photo: a JPEG', content: bytes([0xff, 0xd8, 0xff, 0xe1, 0, 16], 'Exif'), type: 'image/jpeg' },
  { name: 'photo: a PNG', content: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'), type: 'image/png' },
  { name: 'photo: a WebP', content: WEBP, type: 'image/webp' },
  { name: 'photo: a RIFF that is not WebP (a WAV)', content: bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), type: null },
  { name: 'photo: a PDF is not a photo', content: bytes('%PDF-1.7'), type: null },
  { name: 'photo: a TIFF is not a photo', content: bytes('II*\0', [8, 0, 0, 0]), type: null },
  { name: 'photo: HTML', content: bytes('<html><body>'), type: null },
];
for (const c of photoCases) test(c.name, () => assert.is(sniffFileType(c.content, PHOTO_FILE_TYPES)?.contentType ?? null, c.type));

test('a WebP is no document, and the refusal names the allowed types', () => {
  assert.is(sniffFileType(WEBP), null);
  assert.is(typeNames(PHOTO_FILE_TYPES), 'JPEG, PNG or WebP');
});

test.run();
