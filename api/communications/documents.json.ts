/**
 * Documents in the JSON API (docs/api.md): multipart upload (size limit → 413; PDF, PNG,
 * JPEG or TIFF by content, anything else → 422), its kept versions, a download with
 * the stored content type and an attachment `Content-Disposition`, and the status moves
 * processing → verified → published (one step forward only; anything else → 409).
 */
import { createRoute } from '@hono/zod-openapi';
import { attachmentDisposition } from '../../domain/communications/content-disposition.js';
import { documentFile, listDocumentVersions } from '../../domain/communications/document-queries.js';
import { moveDocument, uploadDocument } from '../../domain/communications/documents.js';
import { actorOf } from '../common/actor.js';
import { apiRouter, body, ErrorBody, errorResponses, json } from '../common/openapi.js';
import { RecordIdParams } from '../common/record-params.js';
import { jsonOf } from '../profile/profile-mappers.js';
import { AccountParams, DocumentItem, notFoundResponse, PageQuery, pageOfSchema } from '../profile/profile.schemas.js';
import {
  DocumentStatusBody, DocumentUpload, DocumentVersionItem, UploadedDocument, VersionQuery,
} from './records.schemas.js';

const errors = {
  ...errorResponses,
  404: json(ErrorBody, 'Unknown account, document or version'),
};
const binary = { schema: { type: 'string' as const, format: 'binary' } };

const upload = createRoute({
  method: 'post', path: '/accounts/{accountNumber}/documents', tags: ['documents'],
  summary: 'Upload a document (multipart: file, title, kind); an existing title gets a new version and goes back to processing',
  request: { params: AccountParams, body: { required: true, content: { 'multipart/form-data': { schema: DocumentUpload } } } },
  responses: {
    201: json(UploadedDocument, 'The document with its new current version'), ...errors, 404: notFoundResponse,
    409: json(ErrorBody, 'The file is identical to the current version'),
    413: json(ErrorBody, 'The file is larger than DOCUMENT_MAX_BYTES (10 MiB by default)'),
  },
});

const versions = createRoute({
  method: 'get', path: '/documents/{id}/versions', tags: ['documents'], summary: 'Every kept version of a document, newest first',
  request: { params: RecordIdParams, query: PageQuery },
  responses: { 200: json(pageOfSchema(DocumentVersionItem, 'DocumentVersionPage'), 'The versions'), ...errors },
});

const download = createRoute({
  method: 'get', path: '/documents/{id}/download', tags: ['documents'],
  summary: 'Download the current version (or ?version=n) as an attachment, with its content type',
  request: { params: RecordIdParams, query: VersionQuery },
  responses: {
    200: {
      description: 'The file',
      content: { 'application/pdf': binary, 'image/png': binary, 'image/jpeg': binary, 'image/tiff': binary },
    },
    ...errors,
  },
});

const move = createRoute({
  method: 'post', path: '/documents/{id}/status', tags: ['documents'],
  summary: 'Move the status one step: processing → verified → published',
  request: { params: RecordIdParams, ...body(DocumentStatusBody) },
  responses: {
    200: json(DocumentItem, 'The document as it now is'), ...errors,
    409: json(ErrorBody, 'Not the next step (details.currentStatus, details.allowed) or a newer version exists'),
  },
});

export const documentsApiRoutes = apiRouter()
  .openapi(upload, async (c) => {
    const { file, title, kind } = c.req.valid('form');
    const uploaded = await uploadDocument(c.get('em'), c.req.valid('param').accountNumber, {
      title, kind, fileName: file.name, content: new Uint8Array(await file.arrayBuffer()),
    }, actorOf(c), c.get('deps').config.DOCUMENT_MAX_BYTES);
    return c.json({ ...jsonOf(uploaded.document), uploadedVersion: uploaded.version, created: uploaded.created }, 201);
  })
  .openapi(versions, async (c) =>
    c.json(jsonOf(await listDocumentVersions(c.get('em'), c.req.valid('param').id, c.req.valid('query'))), 200))
  .openapi(download, async (c) => {
    const file = await documentFile(c.get('em'), c.req.valid('param').id, c.req.valid('query').version);
    return c.body(new Uint8Array(file.content), 200, {
      'Content-Type': file.contentType,
      'Content-Length': String(file.sizeBytes),
      'Content-Disposition': attachmentDisposition(file.fileName),
      'X-Content-Type-Options': 'nosniff',
      // Customer documents: no shared cache, no copy left on a shared PC.
      'Cache-Control': 'private, no-store',
      ETag: `"${file.sha256}"`,
    });
  })
  .openapi(move, async (c) => {
    const { status, currentVersion } = c.req.valid('json');
    const document = await moveDocument(c.get('em'), c.req.valid('param').id, status, actorOf(c), { expectedVersion: currentVersion });
    return c.json(jsonOf(document), 200);
  });
