/** Reading documents: one document's current state, its kept versions, and a version's file for download. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../common/database.js';
import { NotFound } from '../common/errors.js';
import { fetchPage, type Page, type PageRequest } from '../common/paging.js';
import type { DocumentKind, DocumentStatus } from '../common/enums.js';

/** A document as lists and the download page show it: its current version's file and how many versions there are. */
export interface DocumentItem {
  id: number; title: string; kind: DocumentKind; status: DocumentStatus; currentVersion: number;
  /** The current version's row id (the timeline links an upload to it); null before a first version. */
  currentVersionId: number | null;
  versionCount: number;
  fileName: string | null; contentType: string | null; sizeBytes: number | null; createdAt: Date; updatedAt: Date;
}

/** A kept version's metadata (never its bytes). */
export interface DocumentVersionItem {
  version: number; fileName: string; contentType: string; sizeBytes: number; sha256: string;
  uploadedAt: Date; uploadedBy: string | null; current: boolean;
}

export interface DocumentFile { version: number; fileName: string; contentType: string; sizeBytes: number; sha256: string; content: Uint8Array }

/** Documents with their current version (a left join: a new document may have none yet). */
export function documentsWithCurrentVersion(em: EntityManager) {
  return db(em).selectFrom('document as d')
    .leftJoin('document_version as v', (join) => join.onRef('v.document_id', '=', 'd.id').onRef('v.version', '=', 'd.current_version'));
}

/**
 * Documents as DocumentItems (with `account_id` for the caller's filter): the current
 * version's metadata, never the file bytes, so lists stay light.
 */
export function selectDocumentItems(documents: ReturnType<typeof documentsWithCurrentVersion>) {
  return documents
    .select(['d.id', 'd.title', 'd.kind', 'd.status', 'd.current_version as currentVersion'])
    .select((eb) => eb.selectFrom('document_version as x').whereRef('x.document_id', '=', 'd.id')
      .select((x) => x.cast<number>(x.fn.countAll(), 'integer').as('count')).$asScalar().$notNull().as('versionCount'))
    .select(['v.id as currentVersionId', 'v.file_name as fileName', 'v.content_type as contentType', 'v.size_bytes as sizeBytes',
      'd.created_at as createdAt', 'd.updated_at as updatedAt', 'd.account_id']);
}

/** A document as it is now; NotFound when unknown (or of another account when `accountId` is given). */
export async function getDocument(em: EntityManager, id: number, accountId?: number): Promise<DocumentItem> {
  const row = await selectDocumentItems(documentsWithCurrentVersion(em).where('d.id', '=', id)).executeTakeFirst();
  if (!row || (accountId !== undefined && row.account_id !== accountId)) throw new NotFound('Document', String(id));
  const { account_id: _owner, ...document } = row;
  return document;
}

/** Every kept version of a document, newest first. */
export async function listDocumentVersions(em: EntityManager, id: number, request: PageRequest, accountId?: number): Promise<Page<DocumentVersionItem>> {
  await getDocument(em, id, accountId);
  const versions = db(em).selectFrom('document_version as v').innerJoin('document as d', 'd.id', 'v.document_id')
    .leftJoin('app_user as u', 'u.id', 'v.uploaded_by_id').where('v.document_id', '=', id);
  const select = versions
    .select(['v.version', 'v.file_name as fileName', 'v.content_type as contentType', 'v.size_bytes as sizeBytes', 'v.sha256',
      'v.uploaded_at as uploadedAt', 'u.name as uploadedBy'])
    .select((eb) => eb('v.version', '=', eb.ref('d.current_version')).$castTo<boolean>().as('current'))
    .orderBy('v.version', 'desc');
  return fetchPage(select, versions.select((eb) => eb.fn.countAll<string>().as('total')), request, (row) => row);
}

/** The file of a version (the current one when `version` is not given), bytes included. */
export async function documentFile(em: EntityManager, id: number, version?: number): Promise<DocumentFile> {
  const file = await db(em).selectFrom('document as d')
    .innerJoin('document_version as v', (join) => join.onRef('v.document_id', '=', 'd.id')
      .on((eb) => eb('v.version', '=', eb.fn.coalesce(eb.val(version ?? null), eb.ref('d.current_version')))))
    .select(['v.version', 'v.file_name as fileName', 'v.content_type as contentType', 'v.size_bytes as sizeBytes', 'v.sha256', 'v.content'])
    .where('d.id', '=', id).executeTakeFirst();
  if (!file) throw new NotFound(version === undefined ? 'Document' : `Version ${version} of document`, String(id));
  return file;
}
