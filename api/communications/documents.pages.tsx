/**
 * The Documents tab's writes (htmx): upload (multipart), move the status one step, and
 * a document's kept versions (fetched when opened). Downloads use the JSON API's
 * `/api/v1/documents/{id}/download`, which a signed-in browser may call with its cookie.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { BadRequest, Invalid } from '../../domain/common/errors.js';
import { rowIdParam } from '../../domain/common/row-id.js';
import { findAccountRecord } from '../../domain/accounts/account-record.js';
import { listDocumentVersions } from '../../domain/communications/document-queries.js';
import { moveDocument, uploadDocument } from '../../domain/communications/documents.js';
import { listDocuments } from '../../domain/communications/profile-records.js';
import { DocumentUploadForm, DocumentVersionsList } from '../../views/profile/forms/document-forms.view.js';
import { formState } from '../../views/profile/forms/form-state.js';
import { actorOf } from '../common/actor.js';
import type { AppEnv } from '../app-env.js';
import { handleForm, parseForm } from '../common/forms.js';
import { requireRole } from '../middleware/require-role.js';
import { renderSavedTab } from '../accounts/account-writes-refresh.js';
import { recordId } from '../common/record-params.js';
import { DocumentFields, DocumentStatusBody } from './records.schemas.js';

/** A form posts the reviewed version as text. */
const StatusFields = DocumentStatusBody.extend({ currentVersion: rowIdParam().optional() });

/** The posted file; a browser sends an empty, nameless part when none was chosen. */
function postedFile(body: Record<string, unknown>): File | null {
  const file = body.file;
  return file instanceof File && (file.size > 0 || file.name !== '') ? file : null;
}

/** Every missing or bad field at once (the file as much as the text fields), before anything is read further. */
function readUpload(values: Record<string, string>, file: File | null) {
  const errors: Record<string, string> = {};
  let fields: z.infer<typeof DocumentFields> | null = null;
  try {
    fields = parseForm(DocumentFields, values);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    Object.assign(errors, error.fields);
  }
  if (!file) errors.file = 'choose a file';
  if (!fields || !file) throw new Invalid('Please correct the fields marked below.', errors);
  return { ...fields, file };
}

async function parseMultipart(c: Context<AppEnv>) {
  try {
    return await c.req.parseBody();
  } catch {
    throw new BadRequest('The upload could not be read (malformed multipart body).');
  }
}

export const documentPageRoutes = new Hono<AppEnv>()
  .post('/accounts/:accountNumber/documents', requireRole('agent'), async (c) => {
    const em = c.get('em');
    const record = await findAccountRecord(em, c.req.param('accountNumber'));
    const file = postedFile(await parseMultipart(c));
    return handleForm(c,
      async (values) => {
        const upload = readUpload(values, file);
        return uploadDocument(em, record.accountNumber, {
          title: upload.title, kind: upload.kind, fileName: upload.file.name, content: new Uint8Array(await upload.file.arrayBuffer()),
        }, actorOf(c), c.get('deps').config.DOCUMENT_MAX_BYTES);
      },
      async (values, errors, message) => {
        const titles = (await listDocuments(em, record.id, { page: 1, pageSize: 200 })).items.map((d) => d.title);
        return c.html(<DocumentUploadForm accountNumber={record.accountNumber} titles={titles} state={formState(values, errors, message)} />);
      },
      (uploaded) => renderSavedTab(c, record.accountNumber, 'documents',
        uploaded.created ? 'Document uploaded.' : `Saved as version ${uploaded.version}; earlier versions are kept.`));
  })
  .post('/accounts/:accountNumber/documents/:id/status', requireRole('agent'), async (c) => {
    const em = c.get('em');
    const record = await findAccountRecord(em, c.req.param('accountNumber'));
    const id = recordId(c.req.param('id'), 'Document');
    const { status, currentVersion } = parseForm(StatusFields, Object.fromEntries(
      Object.entries(await c.req.parseBody()).filter((entry): entry is [string, string] => typeof entry[1] === 'string')));
    const moved = await moveDocument(em, id, status, actorOf(c), { expectedVersion: currentVersion, accountId: record.id });
    return renderSavedTab(c, record.accountNumber, 'documents', `“${moved.title}” is now ${moved.status}.`);
  })
  .get('/accounts/:accountNumber/documents/:id/versions', requireRole('agent'), async (c) => {
    const em = c.get('em');
    const record = await findAccountRecord(em, c.req.param('accountNumber'));
    const id = recordId(c.req.param('id'), 'Document');
    const page = await listDocumentVersions(em, id, { page: 1, pageSize: 200 }, record.id);
    return c.html(<DocumentVersionsList documentId={id} versions={page.items} timeZone={c.get('deps').config.UTILITY_TIME_ZONE} />);
  });
