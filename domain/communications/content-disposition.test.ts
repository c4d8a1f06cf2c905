/** Unit tests: safe file names and the download header. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { attachmentDisposition, cleanFileName, withExtension } from './content-disposition.js';

const headerCases: Array<{ name: string; file: string; header: string }> = [
  { name: 'a plain name', file: 'agreement.pdf', header: `attachment; filename="agreement.pdf"; filename*=UTF-8''agreement.pdf` },
  { name: 'spaces', file: 'water bill 2026.pdf', header: `attachment; filename="water bill 2026.pdf"; filename*=UTF-8''water%20bill%202026.pdf` },
  { name: 'accents fall back to ASCII, exact in filename*', file: 'résumé naïve.pdf', header: `attachment; filename="resume naive.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20na%C3%AFve.pdf` },
  { name: 'non-Latin script', file: '契約書.pdf', header: `attachment; filename="_.pdf"; filename*=UTF-8''%E5%A5%91%E7%B4%84%E6%9B%B8.pdf` },
  { name: 'quotes and backslashes cannot end the quoted string', file: 'a"b\\c.pdf', header: `attachment; filename="c.pdf"; filename*=UTF-8''c.pdf` },
  { name: 'a quote in the name', file: 'say "hi".pdf', header: `attachment; filename="say _hi_.pdf"; filename*=UTF-8''say%20%22hi%22.pdf` },
  { name: "RFC 5987 escapes ' ( ) *", file: "o'brien (copy)*.pdf", header: `attachment; filename="o'brien (copy)*.pdf"; filename*=UTF-8''o%27brien%20%28copy%29%2A.pdf` },
  { name: 'percent signs are not left to be decoded', file: '100%25.pdf', header: `attachment; filename="100_25.pdf"; filename*=UTF-8''100%2525.pdf` },
  { name: 'CR/LF cannot inject a header', file: 'x.pdf\r\nSet-Cookie: a=1', header: `attachment; filename="x.pdfSet-Cookie: a=1"; filename*=UTF-8''x.pdfSet-Cookie%3A%20a%3D1` },
  { name: 'a path is reduced to its base name', file: '../../etc/passwd', header: `attachment; filename="passwd"; filename*=UTF-8''passwd` },
  { name: 'an empty name gets a default', file: '', header: `attachment; filename="document"; filename*=UTF-8''document` },
  { name: 'a lone surrogate does not throw', file: 'a\ud800b.pdf', header: `attachment; filename="a_b.pdf"; filename*=UTF-8''a%EF%BF%BDb.pdf` },
];

for (const c of headerCases) {
  test(`Content-Disposition: ${c.name}`, () => {
    const header = attachmentDisposition(c.file);
    assert.is(header, c.header);
    assert.not.match(header, /[\r\n\0]/);
  });
}

const cleanCases: Array<[string, string]> = [
  ['C:\\Users\\ann\\scan.tiff', 'scan.tiff'],
  ['  .hidden.pdf  ', 'hidden.pdf'],
  ['invoice\u202efdp.exe', 'invoicefdp.exe'],
  ['tab\there.pdf', 'tabhere.pdf'],
  ['...', 'document'],
  [`${'x'.repeat(300)}.pdf`, `${'x'.repeat(176)}.pdf`],
];
for (const [raw, clean] of cleanCases) {
  test(`cleanFileName(${JSON.stringify(raw.slice(0, 30))})`, () => assert.is(cleanFileName(raw), clean));
}

const extensionCases: Array<[string, string, string]> = [
  ['scan.pdf', 'pdf', 'scan.pdf'],
  ['scan.PDF', 'pdf', 'scan.PDF'],
  ['photo.jpeg', 'jpg', 'photo.jpeg'],
  ['fax.tif', 'tiff', 'fax.tif'],
  ['scan.pdf', 'png', 'scan.png'],
  ['meter photo', 'jpg', 'meter photo.jpg'],
  ['report.v2.final', 'pdf', 'report.v2.pdf'],
  ['archive.tar.gz.superlong', 'pdf', 'archive.tar.gz.superlong.pdf'],
];
for (const [name, extension, expected] of extensionCases) {
  test(`withExtension(${name}, ${extension})`, () => assert.is(withExtension(name, extension), expected));
}

test.run();
