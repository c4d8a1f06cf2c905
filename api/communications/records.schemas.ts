/** JSON shapes shared by the notes, complaints and documents API routes (the profile's item shapes live in profile-api.schemas.ts). */
import { z } from '@hono/zod-openapi';
import { DOCUMENT_KINDS, DOCUMENT_STATUSES } from '../../domain/shared/enums.js';
import { TITLE_MAX_LENGTH } from '../../domain/communications/documents.js';
import { DocumentItem } from '../profile/profile.schemas.js';

/** A record's numeric id in the path (note version, complaint, document). */
export const RecordIdParams = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647).openapi({ param: { name: 'id', in: 'path' }, example: 42 }),
});

export const json = <T extends z.ZodTypeAny>(schema: T) => ({ content: { 'application/json': { schema } } });

/** A multipart file part; checked for presence here, for size and real type by the domain. */
const FilePart = z.custom<File>((value) => value instanceof File, { message: 'a file is required' })
  .openapi({ type: 'string', format: 'binary', description: 'PDF, PNG, JPEG or TIFF, judged by its content' });

export const DocumentUpload = z.object({
  file: FilePart,
  title: z.string().min(1).max(TITLE_MAX_LENGTH).openapi({ description: 'an existing title adds a new version', example: 'Service agreement' }),
  kind: z.enum(DOCUMENT_KINDS),
}).openapi('DocumentUpload');

export const UploadedDocument = DocumentItem.extend({
  uploadedVersion: z.number().int(), created: z.boolean(),
}).openapi('UploadedDocument');

export const DocumentStatusBody = z.object({
  status: z.enum(DOCUMENT_STATUSES),
  currentVersion: z.number().int().positive().optional()
    .openapi({ description: 'the version you reviewed; 409 if a newer file was uploaded since' }),
}).openapi('DocumentStatusMove');

export const DocumentVersionItem = z.object({
  version: z.number().int(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int(), sha256: z.string(),
  uploadedAt: z.string(), uploadedBy: z.string().nullable(), current: z.boolean(),
}).openapi('DocumentVersion');

export const VersionQuery = z.object({
  version: z.coerce.number().int().positive().max(2_147_483_647).optional()
    .openapi({ param: { name: 'version', in: 'query' }, description: 'default: the current version' }),
});
