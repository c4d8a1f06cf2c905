/** Reading documents: one document's current state, its kept versions, and a version's file for download. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DocumentKind, DocumentStatus } from '../shared/enums.js';
import { NotFound } from '../shared/errors.js';
import { pageOf, type Page, type PageRequest } from '../shared/paging.js';
import type { DocumentItem } from './profile-records.js';
import { asDate, asInt, asIntOrNull } from '../shared/sql-values.js';

type Row = Record<string, unknown>;

/** A kept version's metadata (never its bytes). */
export interface DocumentVersionItem {
  version: number; fileName: string; contentType: string; sizeBytes: number; sha256: string;
  uploadedAt: Date; uploadedBy: string | null; current: boolean;
}

export interface DocumentFile { version: number; fileName: string; contentType: string; sizeBytes: number; sha256: string; content: Buffer }

// The same shape as the profile's document list, for one document.
const ONE = `
  select d.id, d.account_id, d.title, d.kind, d.status, d.current_version, d.created_at, d.updated_at,
         v.file_name, v.content_type, v.size_bytes,
         (select count(*) from document_version x where x.document_id = d.id) as version_count
    from document d left join document_version v on v.document_id = d.id and v.version = d.current_version
   where d.id = ?`;

function toItem(r: Row): DocumentItem {
  return {
    id: asInt(r.id), title: String(r.title), kind: r.kind as DocumentKind, status: r.status as DocumentStatus,
    currentVersion: asInt(r.current_version), versionCount: asInt(r.version_count),
    fileName: (r.file_name as string | null) ?? null, contentType: (r.content_type as string | null) ?? null,
    sizeBytes: asIntOrNull(r.size_bytes), createdAt: asDate(r.created_at), updatedAt: asDate(r.updated_at),
  };
}

/** A document as it is now; NotFound when unknown (or of another account when `accountId` is given). */
export async function getDocument(em: EntityManager, id: number, accountId?: number): Promise<DocumentItem> {
  const [row] = await em.getConnection().execute<Row[]>(ONE, [id], 'all', em.getTransactionContext());
  if (!row || (accountId !== undefined && asInt(row.account_id) !== accountId)) throw new NotFound('Document', String(id));
  return toItem(row);
}

const VERSIONS = `
  select v.version, v.file_name, v.content_type, v.size_bytes, v.sha256, v.uploaded_at, u.name as uploaded_by,
         v.version = d.current_version as current
    from document_version v join document d on d.id = v.document_id left join app_user u on u.id = v.uploaded_by_id
   where v.document_id = ? order by v.version desc`;

/** Every kept version of a document, newest first. */
export async function listDocumentVersions(em: EntityManager, id: number, request: PageRequest, accountId?: number): Promise<Page<DocumentVersionItem>> {
  await getDocument(em, id, accountId);
  return pageOf(em, VERSIONS, 'select count(*) as total from document_version where document_id = ?', [id], request, (r) => ({
    version: asInt(r.version), fileName: String(r.file_name), contentType: String(r.content_type), sizeBytes: asInt(r.size_bytes),
    sha256: String(r.sha256), uploadedAt: asDate(r.uploaded_at), uploadedBy: (r.uploaded_by as string | null) ?? null, current: Boolean(r.current),
  }));
}

/** The file of a version (the current one when `version` is not given), bytes included. */
export async function documentFile(em: EntityManager, id: number, version?: number): Promise<DocumentFile> {
  const [row] = await em.getConnection().execute<Row[]>(`
    select v.version, v.file_name, v.content_type, v.size_bytes, v.sha256, v.content
      from document d join document_version v on v.document_id = d.id and v.version = coalesce(?, d.current_version)
     where d.id = ?`, [version ?? null, id]);
  if (!row) throw new NotFound(version === undefined ? 'Document' : `Version ${version} of document`, String(id));
  return {
    version: asInt(row.version), fileName: String(row.file_name), contentType: String(row.content_type),
    sizeBytes: asInt(row.size_bytes), sha256: String(row.sha256), content: row.content as Buffer,
  };
}
