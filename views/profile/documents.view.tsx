/** The profile's Documents tab: the account's documents with their versions. */
import type { Page } from '../../domain/common/paging.js';
import type { DocumentItem } from '../../domain/communications/document-queries.js';
import { enumLabel, formatBytes, formatDateTime } from './format.js';
import { Pager } from './pager.view.js';
import { tabUrl } from './tabs.view.js';
import { DocumentActions, DocumentUploadForm } from './forms/document-forms.view.js';

export interface DocumentsProps { accountNumber: string; documents: Page<DocumentItem>; timeZone: string }

export function DocumentsTab({ accountNumber, documents, timeZone }: DocumentsProps) {
  return (
    <section class="panel" aria-labelledby="documents-heading">
      <h2 id="documents-heading">Documents</h2>
      {documents.items.length ? (
        <table class="documents">
          <thead>
            <tr>
              <th scope="col">Title</th><th scope="col">Kind</th><th scope="col">Status</th>
              <th scope="col">Current version</th><th scope="col">File</th><th scope="col">Updated</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {documents.items.map((d) => (
              <tr id={d.currentVersionId === null ? undefined : `document-version-${d.currentVersionId}`} data-document={String(d.id)}>
                <td>{d.title}</td>
                <td>{enumLabel(d.kind)}</td>
                <td><span class={`doc-status doc-status-${d.status}`}>{enumLabel(d.status)}</span></td>
                <td>v{d.currentVersion}{d.versionCount > 1 ? <span class="muted"> ({d.versionCount} versions kept)</span> : null}</td>
                <td>{d.fileName ?? '—'}{d.sizeBytes !== null ? <span class="muted"> ({formatBytes(d.sizeBytes)})</span> : null}</td>
                <td>{formatDateTime(d.updatedAt, timeZone)}</td>
                <td><DocumentActions accountNumber={accountNumber} document={d} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p class="muted">No documents yet.</p>}
      <Pager page={documents} label="Documents" href={(page) => tabUrl(accountNumber, 'documents', { page })} />
      <details class="record-form-panel">
        <summary>Upload a document</summary>
        <DocumentUploadForm accountNumber={accountNumber} titles={documents.items.map((d) => d.title)} />
      </details>
    </section>
  );
}
