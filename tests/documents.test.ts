/**
 * Documents through the JSON API and the Documents tab: upload judged by content (a
 * disguised file is 422), the size limit (413, before and after the body is read),
 * versions kept under one title, downloads with their content type and a safe
 * Content-Disposition, and the status moves. Every refusal leaves the database as it was.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { db } from '../domain/common/database.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { apiToken, htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { refusedWithoutWrites } from './support/record-counts.js';
import { HTML, JPEG, PDF, pdfOfSize, PNG, TIFF, uploadForm } from './support/sample-files.js';

/** Larger than the app's 1 MiB limit for other requests, so the tests show uploads get their own. */
const MAX = 2 * 1024 * 1024;
let server: TestServer;
let token: string;
let session: SignedIn;
let account: string;
let other: string;

test.before(async () => {
  server = await startTestServer('documents', {}, { DOCUMENT_MAX_BYTES: String(MAX) });
  const agent = await createUser(server.db, 'agent');
  token = await apiToken(server.baseUrl, agent.email, agent.password);
  session = await signIn(server.baseUrl, agent.email, agent.password);
  account = (await insertMinimalAccount(server.db.orm)).accountNumber;
  other = (await insertMinimalAccount(server.db.orm)).accountNumber;
});
test.after(async () => server.close());

type File = { content: Buffer; name: string; type?: string };

async function upload(accountNumber: string, file: File | null, fields: Record<string, string> = { title: 'Service agreement', kind: 'service_agreement' }) {
  const response = await fetch(`${server.baseUrl}/api/v1/accounts/${accountNumber}/documents`, {
    method: 'POST', headers: { authorization: `Bearer ${token}` }, body: uploadForm(file, fields),
  });
  return { status: response.status, body: JSON.parse(await response.text()) };
}
async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: JSON.parse(await response.text()) };
}
const htmx = (path: string, body?: FormData | Record<string, string>) => htmxRequest(server.baseUrl, session, path, body);
const query = () => db(server.db.orm.em);
const fieldsOf = (body: { error?: { details?: { fields?: Record<string, string> } } }) => Object.keys(body?.error?.details?.fields ?? {});

const malformed = (path: string, headers: Record<string, string>) => async () => {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST', headers: { ...headers, 'content-type': 'multipart/form-data; boundary=xyz' }, body: '--xyz\r\nnot a part',
  });
  return { status: response.status };
};
const uploadCase = (file: File | null, fields?: Record<string, string>, accountNumber = account) => async () => {
  const r = await upload(accountNumber, file, fields);
  return { status: r.status, fields: fieldsOf(r.body) };
};

test('API: upload a PDF → 201, version 1, processing, typed by content; audited without the bytes', async () => {
  const r = await upload(account, { content: PDF, name: 'agreement.pdf', type: 'application/pdf' });
  assert.is(r.status, 201);
  assert.equal(
    [r.body.title, r.body.kind, r.body.status, r.body.currentVersion, r.body.uploadedVersion, r.body.created, r.body.contentType, r.body.sizeBytes, r.body.fileName],
    ['Service agreement', 'service_agreement', 'processing', 1, 1, true, 'application/pdf', PDF.length, 'agreement.pdf']);
  const [audit] = await query().selectFrom('audit_log').select(['action', 'after'])
    .where('entity', '=', 'document').where('entity_id', '=', String(r.body.id)).execute();
  assert.is(audit.action, 'document.upload');
  assert.is(audit.after?.sha256, createHash('sha256').update(PDF).digest('hex'));
  assert.not.ok('content' in (audit.after ?? {}));
  const [stored] = await query().selectFrom('document_version').select('content').where('document_id', '=', r.body.id).execute();
  assert.ok(Buffer.compare(stored.content, PDF) === 0, 'the bytes are stored as sent');
});

test('API: PNG, JPEG and TIFF are accepted by their bytes, whatever the client calls them', async () => {
  const cases: Array<[Buffer, string, string]> = [[PNG, 'image/png', 'photo.png'], [JPEG, 'image/jpeg', 'meter.jpg'], [TIFF, 'image/tiff', 'fax.tif']];
  for (const [content, type, name] of cases) {
    const r = await upload(account, { content, name, type: 'application/octet-stream' }, { title: `Photo ${type}`, kind: 'report' });
    assert.is(r.status, 201, type);
    assert.equal([r.body.contentType, r.body.fileName], [type, name]);
  }
});

test('API: download serves the stored type as an attachment with an RFC 5987 name', async () => {
  const name = 'Vertrag für Müller "final".pdf';
  const created = (await upload(account, { content: PDF, name }, { title: 'Contract', kind: 'service_agreement' })).body;
  const response = await fetch(`${server.baseUrl}/api/v1/documents/${created.id}/download`, { headers: { authorization: `Bearer ${token}` } });
  assert.is(response.status, 200);
  assert.is(response.headers.get('content-type'), 'application/pdf');
  assert.is(response.headers.get('content-disposition'),
    `attachment; filename="Vertrag fur Muller _final_.pdf"; filename*=UTF-8''Vertrag%20f%C3%BCr%20M%C3%BCller%20%22final%22.pdf`);
  assert.is(response.headers.get('x-content-type-options'), 'nosniff');
  assert.match(response.headers.get('cache-control') ?? '', 'no-store');
  assert.ok(Buffer.compare(Buffer.from(await response.arrayBuffer()), PDF) === 0);
  const missing = await fetch(`${server.baseUrl}/api/v1/documents/999999/download`, { headers: { authorization: `Bearer ${token}` } });
  assert.is(missing.status, 404);
  const noVersion = await fetch(`${server.baseUrl}/api/v1/documents/${created.id}/download?version=7`, { headers: { authorization: `Bearer ${token}` } });
  assert.is(noVersion.status, 404);
});

test('API: a new upload under the same title keeps the old version, becomes current and goes back to processing', async () => {
  const first = (await upload(account, { content: PDF, name: 'auth.pdf' }, { title: 'Billing authorization', kind: 'billing_authorization' })).body;
  assert.is((await api('POST', `/documents/${first.id}/status`, { status: 'verified' })).status, 200);
  // A PNG that the client named .pdf and called a PDF: accepted as what it is, named to match.
  const second = await upload(account, { content: PNG, name: 'auth.pdf', type: 'application/pdf' }, { title: 'Billing authorization', kind: 'billing_authorization' });
  assert.is(second.status, 201);
  assert.equal([second.body.id, second.body.created, second.body.currentVersion, second.body.versionCount, second.body.status, second.body.contentType, second.body.fileName],
    [first.id, false, 2, 2, 'processing', 'image/png', 'auth.png']);
  const versions = (await api('GET', `/documents/${first.id}/versions`)).body.items;
  assert.equal(versions.map((v: { version: number; contentType: string; current: boolean }) => [v.version, v.contentType, v.current]),
    [[2, 'image/png', true], [1, 'application/pdf', false]]);
  const old = await fetch(`${server.baseUrl}/api/v1/documents/${first.id}/download?version=1`, { headers: { authorization: `Bearer ${token}` } });
  assert.is(old.headers.get('content-type'), 'application/pdf');
  const current = await fetch(`${server.baseUrl}/api/v1/documents/${first.id}/download`, { headers: { authorization: `Bearer ${token}` } });
  assert.is(current.headers.get('content-type'), 'image/png');
  const [audit] = await query().selectFrom('audit_log').select(['before', 'after'])
    .where('action', '=', 'document.new_version').where('entity_id', '=', String(first.id)).execute();
  assert.equal([audit.before?.status, audit.before?.currentVersion, audit.after?.currentVersion], ['verified', 1, 2]);
  await refusedWithoutWrites(server.db.orm, [
    { name: 'the same file again', run: uploadCase({ content: PNG, name: 'again.png' }, { title: 'Billing authorization', kind: 'billing_authorization' }), status: 409 },
  ]);
});

test('API: disguised, empty, missing and mislabelled uploads are refused by field; unknown account 404; nothing written', async () => {
  const good = { title: 'Report', kind: 'report' };
  await refusedWithoutWrites(server.db.orm, [
    { name: 'HTML named .pdf, sent as application/pdf', run: uploadCase({ content: HTML, name: 'report.pdf', type: 'application/pdf' }, good), status: 422, field: 'file' },
    { name: 'SVG named .png', run: uploadCase({ content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'), name: 'x.png', type: 'image/png' }, good), status: 422, field: 'file' },
    { name: 'plain text named .tiff', run: uploadCase({ content: Buffer.from('hello'), name: 'x.tiff' }, good), status: 422, field: 'file' },
    { name: 'empty file', run: uploadCase({ content: Buffer.alloc(0), name: 'empty.pdf' }, good), status: 422, field: 'file' },
    { name: 'no file', run: uploadCase(null, good), status: 422, field: 'file' },
    { name: 'file sent as text', run: uploadCase(null, { ...good, file: '%PDF-1.4 not a file' }), status: 422, field: 'file' },
    { name: 'missing title', run: uploadCase({ content: PDF, name: 'a.pdf' }, { kind: 'report' }), status: 422, field: 'title' },
    { name: 'unknown kind', run: uploadCase({ content: PDF, name: 'a.pdf' }, { title: 'A', kind: 'invoice' }), status: 422, field: 'kind' },
    { name: 'unknown account', run: uploadCase({ content: PDF, name: 'a.pdf' }, good, 'WU-99999'), status: 404 },
    { name: 'malformed multipart (API)', run: malformed(`/api/v1/accounts/${account}/documents`, { authorization: `Bearer ${token}` }), status: 400 },
    { name: 'malformed multipart (page)', run: malformed(`/accounts/${account}/documents`, {
      cookie: session.cookie, 'hx-request': 'true', origin: server.baseUrl, 'x-csrf-token': session.csrfToken }), status: 400 },
    { name: 'JSON instead of multipart', run: async () => ({ status: (await api('POST', `/accounts/${account}/documents`, { title: 'x', kind: 'report' })).status }), status: 400 },
  ]);
  const disguised = await upload(account, { content: HTML, name: 'report.pdf', type: 'application/pdf' }, good);
  assert.match(disguised.body.error.details.fields.file, 'HTML');
});

test('size: uploads may exceed the 1 MiB of other requests up to DOCUMENT_MAX_BYTES; beyond it 413, nothing written', async () => {
  const big = await upload(account, { content: pdfOfSize(MAX), name: 'scan.pdf' }, { title: 'Exactly the limit', kind: 'report' });
  assert.is(big.status, 201, 'a file of exactly the limit is accepted');
  const streamed = async () => {
    // No Content-Length: the limit counts the bytes as they arrive.
    const form = new Response(uploadForm({ content: pdfOfSize(MAX * 2), name: 'huge.pdf' }, { title: 'Streamed', kind: 'report' }));
    const response = await fetch(`${server.baseUrl}/api/v1/accounts/${account}/documents`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': form.headers.get('content-type')! },
      body: form.body, duplex: 'half',
    } as RequestInit);
    return { status: response.status, fields: [JSON.parse(await response.text()).error.code] };
  };
  await refusedWithoutWrites(server.db.orm, [
    { name: 'one byte over (read, then refused)', run: uploadCase({ content: pdfOfSize(MAX + 1), name: 'scan.pdf' }, { title: 'Over', kind: 'report' }), status: 413 },
    { name: 'far over (refused from Content-Length)', run: uploadCase({ content: pdfOfSize(MAX * 2), name: 'scan.pdf' }, { title: 'Over', kind: 'report' }), status: 413 },
    { name: 'far over, streamed', run: streamed, status: 413, field: 'payload_too_large' },
    { name: 'other requests keep 1 MiB', run: async () => ({ status: (await api('POST', `/accounts/${account}/notes`, { body: 'x'.repeat(1.5 * 1024 * 1024) })).status }), status: 413 },
  ]);
});

test('API: status moves processing → verified → published; skips, moves back and stale reviews are 409', async () => {
  const doc = (await upload(account, { content: PDF, name: 'r.pdf' }, { title: 'Annual report', kind: 'report' })).body;
  const path = `/documents/${doc.id}/status`;
  const moveCase = (body: unknown) => async () => { const r = await api('POST', path, body); return { status: r.status, fields: fieldsOf(r.body) }; };
  await refusedWithoutWrites(server.db.orm, [
    { name: 'skip to published', run: moveCase({ status: 'published' }), status: 409 },
    { name: 'stay processing', run: moveCase({ status: 'processing' }), status: 409 },
    { name: 'unknown status', run: moveCase({ status: 'approved' }), status: 422, field: 'status' },
    { name: 'missing status', run: moveCase({}), status: 422, field: 'status' },
    { name: 'stale review', run: moveCase({ status: 'verified', currentVersion: 2 }), status: 409 },
    { name: 'unknown document', run: async () => ({ status: (await api('POST', '/documents/999999/status', { status: 'verified' })).status }), status: 404 },
  ]);
  const skip = await api('POST', path, { status: 'published' });
  assert.equal(skip.body.error.details, { currentStatus: 'processing', allowed: ['verified'] });
  const verified = await api('POST', path, { status: 'verified', currentVersion: 1 });
  assert.equal([verified.status, verified.body.status], [200, 'verified']);
  const published = await api('POST', path, { status: 'published' });
  assert.equal([published.status, published.body.status], [200, 'published']);
  await refusedWithoutWrites(server.db.orm, [
    { name: 'back to verified', run: moveCase({ status: 'verified' }), status: 409 },
    { name: 'back to processing', run: moveCase({ status: 'processing' }), status: 409 },
  ]);
  const audits = await query().selectFrom('audit_log').select(['before', 'after'])
    .where('action', '=', 'document.status').where('entity_id', '=', String(doc.id)).orderBy('id').execute();
  assert.equal(audits.map((a) => `${a.before?.status}→${a.after?.status}`), ['processing→verified', 'verified→published']);
});

test('htmx: upload re-renders the Documents tab; disguised or incomplete uploads are answered inline; oversize → 413 flash', async () => {
  const path = `/accounts/${account}/documents`;
  const ok = await htmx(path, uploadForm({ content: JPEG, name: 'meter-photo.jpg', type: 'image/jpeg' }, { title: 'Meter photo', kind: 'report' }));
  assert.is(ok.status, 200);
  const html = await ok.text();
  assert.match(html, 'data-tab="documents"');
  assert.match(html, 'Meter photo');
  const inlineCase = (form: FormData) => async () => {
    const response = await htmx(path, form);
    const text = await response.text();
    return { status: response.status, fields: [...text.matchAll(/id="f-document-upload-([A-Za-z]+)-error"/g)].map((m) => m[1]) };
  };
  await refusedWithoutWrites(server.db.orm, [
    { name: 'HTML named .pdf', run: inlineCase(uploadForm({ content: HTML, name: 'invoice.pdf', type: 'application/pdf' }, { title: 'Invoice', kind: 'other' })), status: 422, field: 'file' },
    { name: 'no file chosen', run: inlineCase(uploadForm({ content: Buffer.alloc(0), name: '' }, { title: 'Invoice', kind: 'other' })), status: 422, field: 'file' },
    { name: 'no title', run: inlineCase(uploadForm({ content: PDF, name: 'a.pdf' }, { title: '', kind: 'other' })), status: 422, field: 'title' },
    { name: 'oversized', run: async () => {
      const response = await htmx(path, uploadForm({ content: pdfOfSize(MAX * 2), name: 'big.pdf' }, { title: 'Big', kind: 'other' }));
      assert.is(response.headers.get('hx-retarget'), '#flash');
      assert.match(await response.text(), 'at most 2 MiB');
      return { status: response.status };
    }, status: 413 },
    { name: 'unknown account', run: async () => ({ status: (await htmx('/accounts/WU-99999/documents', uploadForm({ content: PDF, name: 'a.pdf' }, { title: 'A', kind: 'other' }))).status }), status: 404 },
  ]);
});

test('htmx: status buttons move one step; versions list with download links; the browser downloads with its cookie', async () => {
  const first = (await upload(account, { content: PDF, name: 'terms.pdf' }, { title: 'Terms', kind: 'other' })).body;
  await upload(account, { content: TIFF, name: 'terms.tiff' }, { title: 'Terms', kind: 'other' });
  const tab = await (await htmx(`/accounts/${account}/documents`)).text();
  assert.match(tab, `hx-post="/accounts/${account}/documents/${first.id}/status"`);
  assert.match(tab, 'Mark verified');
  const moved = await htmx(`/accounts/${account}/documents/${first.id}/status`, { status: 'verified', currentVersion: '2' });
  assert.is(moved.status, 200);
  assert.match(await moved.text(), 'Publish');
  await refusedWithoutWrites(server.db.orm, [
    { name: 'verify again', run: async () => ({ status: (await htmx(`/accounts/${account}/documents/${first.id}/status`, { status: 'verified' })).status }), status: 409 },
    { name: 'stale version', run: async () => ({ status: (await htmx(`/accounts/${account}/documents/${first.id}/status`, { status: 'published', currentVersion: '1' })).status }), status: 409 },
    { name: 'document of another account', run: async () => ({ status: (await htmx(`/accounts/${other}/documents/${first.id}/status`, { status: 'published' })).status }), status: 404 },
    { name: 'bad status', run: async () => ({ status: (await htmx(`/accounts/${account}/documents/${first.id}/status`, { status: 'done' })).status }), status: 422 },
  ]);
  const versions = await (await htmx(`/accounts/${account}/documents/${first.id}/versions`)).text();
  assert.match(versions, `/api/v1/documents/${first.id}/download?version=1`);
  assert.match(versions, `/api/v1/documents/${first.id}/download?version=2`);
  const download = await fetch(`${server.baseUrl}/api/v1/documents/${first.id}/download?version=2`, { headers: { cookie: session.cookie } });
  assert.is(download.status, 200);
  assert.is(download.headers.get('content-type'), 'image/tiff');
  assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="terms\.tiff"/);
});

test('the OpenAPI document describes the upload as multipart with a binary file, and the download by content type', async () => {
  const response = await fetch(`${server.baseUrl}/api/v1/openapi.json`, { headers: { authorization: `Bearer ${token}` } });
  const doc = JSON.parse(await response.text());
  assert.ok(doc.paths['/accounts/{accountNumber}/documents'].post.requestBody.content['multipart/form-data']);
  assert.equal(doc.components.schemas.DocumentUpload.properties.file, {
    type: 'string', format: 'binary', description: 'PDF, PNG, JPEG or TIFF, judged by its content',
  });
  assert.ok(doc.paths['/documents/{id}/download'].get.responses['200'].content['image/tiff']);
  for (const path of ['/documents/{id}/status', '/notes/{id}/versions', '/complaints/{id}/resolve', '/accounts/{accountNumber}/communications']) {
    assert.ok(doc.paths[path]?.post, path);
  }
});

test.run();
