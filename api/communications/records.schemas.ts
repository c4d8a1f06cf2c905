/**
 * The commands' schemas, one per command for the JSON route and the htmx form alike, and
 * the JSON shapes of notes, complaints and documents (the profile's item shapes live in profile.schemas.ts).
 */
import { z } from '@hono/zod-openapi';
import { DIRECTIONS, DOCUMENT_KINDS, DOCUMENT_STATUSES } from '../../domain/common/enums.js';
import { COMMUNICATION_MAX_LENGTH, SUBJECT_MAX_LENGTH } from '../../domain/communications/communications.js';
import { CATEGORY_MAX_LENGTH, COMPLAINT_MAX_LENGTH } from '../../domain/communications/complaints.js';
import { TITLE_MAX_LENGTH } from '../../domain/communications/documents.js';
import { NOTE_MAX_LENGTH } from '../../domain/communications/notes.js';
import { plainText } from '../../domain/common/plain-text.js';
import { rowId, rowIdParam } from '../../domain/common/row-id.js';
import { DocumentItem } from '../profile/profile.schemas.js';

/** Text up to `max` characters; a missing one is "required" (an empty form field counts as missing). */
const text = (max: number) => plainText(max);

/** A new note, or the new wording of one. */
export const NoteBody = z.object({
  body: text(NOTE_MAX_LENGTH).openapi({ example: 'Customer asked to be called after 5 pm.' }),
}).openapi('NewNote');

/**
 * What every logged communication has. The API and the form add the channel, the time
 * and the call length each in their own terms (an ISO time and seconds; a local time and "m:ss").
 */
export const CommunicationFields = z.object({
  direction: z.enum(DIRECTIONS, { error: 'to or from the customer' }).openapi({ example: 'from_customer' }),
  subject: text(SUBJECT_MAX_LENGTH).nullish(),
  body: text(COMMUNICATION_MAX_LENGTH).openapi({ example: 'Asked about the new rate plan.' }),
});

export const NewComplaint = z.object({
  category: text(CATEGORY_MAX_LENGTH).openapi({ example: 'low pressure' }),
  description: text(COMPLAINT_MAX_LENGTH).openapi({ example: 'Low pressure upstairs since last week.' }),
}).openapi('NewComplaint');

export const ComplaintResolution = z.object({
  resolution: text(COMPLAINT_MAX_LENGTH).nullish()
    .openapi({ example: 'Pressure regulator adjusted at the meter.' }),
}).openapi('ComplaintResolution');

/** An upload's text fields; the file part is checked by each route (a form re-renders, the API answers 422). */
export const DocumentFields = z.object({
  title: text(TITLE_MAX_LENGTH).min(1, 'required').openapi({ description: 'an existing title adds a new version', example: 'Service agreement' }),
  kind: z.enum(DOCUMENT_KINDS, { error: 'choose a kind' }),
});

/** A multipart file part; checked for presence here, for size and real type by the domain. */
const FilePart = z.custom<File>((value) => value instanceof File, { message: 'a file is required' })
  .openapi({ type: 'string', format: 'binary', description: 'PDF, PNG, JPEG or TIFF, judged by its content' });

export const DocumentUpload = DocumentFields.extend({ file: FilePart }).openapi('DocumentUpload');

export const UploadedDocument = DocumentItem.extend({
  uploadedVersion: z.number().int(), created: z.boolean(),
}).openapi('UploadedDocument');

export const DocumentStatusBody = z.object({
  status: z.enum(DOCUMENT_STATUSES, { error: 'processing, verified or published' }),
  currentVersion: rowId().optional()
    .openapi({ description: 'the version you reviewed; 409 if a newer file was uploaded since' }),
}).openapi('DocumentStatusMove');

export const DocumentVersionItem = z.object({
  version: z.number().int(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int(), sha256: z.string(),
  uploadedAt: z.string(), uploadedBy: z.string().nullable(), current: z.boolean(),
}).openapi('DocumentVersion');

export const VersionQuery = z.object({
  version: rowIdParam().optional()
    .openapi({ param: { name: 'version', in: 'query' }, description: 'default: the current version' }),
});
