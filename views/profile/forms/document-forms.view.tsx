/** The forms that upload a document and a new version of one. */
import { DOCUMENT_KINDS } from '../../../domain/common/enums.js';
import { nextDocumentStatus } from '../../../domain/communications/document-status.js';
import type { DocumentItem, DocumentVersionItem } from '../../../domain/communications/document-queries.js';
import { Field, FormMessage } from '../../common/form-field.js';
import { EnumOptions } from './enum-options.js';
import { formatBytes, formatDateTime } from '../format.js';
import { accountPath, EMPTY_FORM, scoped, type FormState } from './form-state.js';

export const UPLOAD_FORM = 'document-upload';
const ACCEPT = '.pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff';
const MOVE_LABELS = { verified: 'Mark verified', published: 'Publish' } as const;

export const downloadUrl = (documentId: number, version?: number) =>
  `/api/v1/documents/${documentId}/download${version ? `?version=${version}` : ''}`;

export interface UploadFormProps { accountNumber: string; titles: string[]; state?: FormState }

/** Upload a file; an existing title (suggested from the account's documents) adds a new version. */
export function DocumentUploadForm({ accountNumber, titles, state = EMPTY_FORM }: UploadFormProps) {
  const title = scoped(UPLOAD_FORM, 'title', state);
  const kind = scoped(UPLOAD_FORM, 'kind', state);
  const file = scoped(UPLOAD_FORM, 'file', state);
  return (
    <form id={UPLOAD_FORM} class="record-form grid-form" hx-post={`${accountPath(accountNumber)}/documents`} hx-encoding="multipart/form-data"
      hx-target="this" hx-swap="outerHTML">
      <div class="wide"><FormMessage message={state.message} /></div>
      <Field label="Title (an existing title adds a new version)" name={title.fieldName} error={title.error}>
        <input type="text" list="document-titles" maxlength={200} required {...title.props} value={title.value} />
      </Field>
      <datalist id="document-titles">{titles.map((t) => <option value={t} />)}</datalist>
      <Field label="Kind" name={kind.fieldName} error={kind.error}>
        <select {...kind.props} required>
          <EnumOptions values={DOCUMENT_KINDS} selected={kind.value || 'service_agreement'} />
        </select>
      </Field>
      <Field label="File (PDF, PNG, JPEG or TIFF)" name={file.fieldName} error={file.error}>
        <input type="file" accept={ACCEPT} required {...file.props} />
      </Field>
      <div class="wide"><button type="submit" class="primary">Upload</button></div>
    </form>
  );
}

/** The row's actions: download the current file, move the status one step, see the kept versions. */
export function DocumentActions({ accountNumber, document }: { accountNumber: string; document: DocumentItem }) {
  const next = nextDocumentStatus(document.status);
  return (
    <div class="document-actions">
      <a href={downloadUrl(document.id)} download>Download</a>
      {next && next !== 'processing' ? (
        <form class="inline" hx-post={`${accountPath(accountNumber)}/documents/${document.id}/status`} hx-target="this" hx-swap="outerHTML">
          <input type="hidden" name="status" value={next} />
          <input type="hidden" name="currentVersion" value={String(document.currentVersion)} />
          <button type="submit">{MOVE_LABELS[next]}</button>
        </form>
      ) : null}
      {document.versionCount > 1 ? (
        <details class="document-versions" hx-get={`${accountPath(accountNumber)}/documents/${document.id}/versions`}
          hx-trigger="toggle once" hx-target="find .document-versions-list" hx-swap="innerHTML">
          <summary>Versions ({document.versionCount})</summary>
          <div class="document-versions-list"><p class="muted">Loading…</p></div>
        </details>
      ) : null}
    </div>
  );
}

export function DocumentVersionsList({ documentId, versions, timeZone }: { documentId: number; versions: DocumentVersionItem[]; timeZone: string }) {
  return (
    <ol class="document-version-list">
      {versions.map((v) => (
        <li data-version={String(v.version)}>
          <a href={downloadUrl(documentId, v.version)} download>v{v.version} · {v.fileName}</a>
          <span class="muted"> ({formatBytes(v.sizeBytes)}) · {formatDateTime(v.uploadedAt, timeZone)}{v.uploadedBy ? ` · ${v.uploadedBy}` : ''}{v.current ? ' · current' : ''}</span>
        </li>
      ))}
    </ol>
  );
}
