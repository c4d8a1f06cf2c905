/**
 * Documents (docs/rules.md#consumer-profile): upload, versions, review status.
 *
 * - A file is accepted for what its bytes are (PDF, PNG, JPEG or TIFF; file-type.ts),
 *   stored and later served with that content type, whatever name or type the client sent.
 * - A title is unique per account: uploading under an existing title adds the next
 *   version and makes it current; older versions stay downloadable. The new file has
 *   not been checked, so the document goes back to `processing`. Uploading the very
 *   same bytes as the current version is refused (409), which also makes a retried
 *   upload harmless.
 * - Status moves one step forward only (domain/communications/document-status.ts); 409 otherwise.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { createHash } from 'node:crypto';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import type { DocumentKind, DocumentStatus } from '../common/enums.js';
import { Conflict, Invalid, NotFound, PayloadTooLarge } from '../common/errors.js';
import { canMoveDocument, nextDocumentStatus } from './document-status.js';
import { audit } from '../audit/audit.js';
import { cleanFileName, withExtension } from './content-disposition.js';
import { getDocument } from './document-queries.js';
import { describeContent, DOCUMENT_FILE_TYPES, sniffFileType, typeNames, type FileType } from './file-type.js';
import type { DocumentItem } from './document-queries.js';
import { findAccount, type AccountRef } from '../accounts/account-record.js';
import { requiredText } from './record-writes.js';

export const TITLE_MAX_LENGTH = 200;

export interface Upload { title: string; kind: DocumentKind; fileName: string; content: Uint8Array }
export interface Uploaded { document: DocumentItem; version: number; created: boolean }

/** Checks the file before anything is written: size (413), emptiness and real type (422, naming `field`). */
export function checkFile(upload: Upload, maxBytes: number, allowed: readonly FileType[] = DOCUMENT_FILE_TYPES, field = 'file') {
  const size = upload.content.byteLength;
  if (size > maxBytes) throw new PayloadTooLarge(`The file is ${size} bytes; it may be at most ${maxBytes} bytes.`);
  if (size === 0) throw new Invalid('The file is empty.', { [field]: 'empty' });
  const type = sniffFileType(upload.content, allowed);
  if (!type) {
    const names = typeNames(allowed);
    throw new Invalid(`Only ${names} files are accepted; this file's content is ${describeContent(upload.content)}.`,
      { [field]: `not a ${names} (it is ${describeContent(upload.content)})` });
  }
  return {
    title: requiredText(upload.title, 'title', TITLE_MAX_LENGTH), kind: upload.kind, size, contentType: type.contentType,
    fileName: withExtension(cleanFileName(upload.fileName), type.extension),
    sha256: createHash('sha256').update(upload.content).digest('hex'),
  };
}

/** The document row for (account, title), created when new; an existing one is locked until commit. */
async function documentFor(em: EntityManager, account: AccountRef, title: string, kind: DocumentKind) {
  const inserted = await db(em).insertInto('document')
    .values({ account_id: account.id, title, kind, status: 'processing', current_version: 1, created_at: sql`now()`, updated_at: sql`now()` })
    .onConflict((oc) => oc.columns(['account_id', 'title']).doNothing()).returning('id').executeTakeFirst();
  if (inserted) return { id: inserted.id, existing: null };
  const existing = await db(em).selectFrom('document as d')
    .leftJoin('document_version as v', (join) => join.onRef('v.document_id', '=', 'd.id').onRef('v.version', '=', 'd.current_version'))
    .select(['d.id', 'd.current_version as currentVersion', 'd.status', 'd.kind', 'v.sha256'])
    .where('d.account_id', '=', account.id).where('d.title', '=', title).forUpdate('d').executeTakeFirstOrThrow();
  return { id: existing.id, existing };
}

/** The next version number of an existing document, made current (and back to processing: nobody checked the new file yet). */
async function nextVersion(em: EntityManager, id: number, kind: DocumentKind): Promise<number> {
  const max = await db(em).selectFrom('document_version').select((eb) => eb.fn.max('version').as('v')).where('document_id', '=', id).executeTakeFirstOrThrow();
  const version = (max.v ?? 0) + 1;
  await db(em).updateTable('document').set({ current_version: version, kind, status: 'processing', updated_at: sql`now()` }).where('id', '=', id).execute();
  return version;
}

/**
 * Uploads a file as a new document, or as the next version of the account's document with that
 * title; `allowed` narrows or widens what the bytes may be (a consumer's photo: JPEG, PNG or WebP).
 */
export async function uploadDocument(
  em: EntityManager, accountNumber: string, upload: Upload, actor: Actor, maxBytes: number, allowed: readonly FileType[] = DOCUMENT_FILE_TYPES,
): Promise<Uploaded> {
  const file = checkFile(upload, maxBytes, allowed);
  return em.transactional(async (tx) => {
    const account = await findAccount(tx, accountNumber);
    const { id, existing } = await documentFor(tx, account, file.title, file.kind);
    if (existing?.sha256 === file.sha256) {
      throw new Conflict(`This file is identical to version ${existing.currentVersion} of "${file.title}".`, { reason: 'duplicate', currentVersion: existing.currentVersion });
    }
    const version = existing ? await nextVersion(tx, id, file.kind) : 1;
    await db(tx).insertInto('document_version').values({
      document_id: id, version, file_name: file.fileName, content_type: file.contentType, size_bytes: file.size, sha256: file.sha256,
      content: Buffer.from(upload.content), uploaded_by_id: actor.userId, uploaded_at: sql`now()`,
    }).execute();
    await audit(tx, {
      userId: actor.userId, userName: actor.name, action: existing ? 'document.new_version' : 'document.upload', entity: 'document', entityId: String(id),
      before: existing ? { currentVersion: existing.currentVersion, status: existing.status, kind: existing.kind } : null,
      after: { accountNumber: account.accountNumber, title: file.title, kind: file.kind, status: 'processing', currentVersion: version,
        fileName: file.fileName, contentType: file.contentType, sizeBytes: file.size, sha256: file.sha256 },
    });
    return { document: await getDocument(tx, id), version, created: !existing };
  });
}

/**
 * Moves a document to `to`, one step forward only. `expectedVersion` (optional) is the
 * version the person reviewed: if a newer file arrived meanwhile the move is refused,
 * so nobody verifies a file they never saw.
 */
export async function moveDocument(
  em: EntityManager, id: number, to: DocumentStatus, actor: Actor, options: { expectedVersion?: number; accountId?: number } = {},
): Promise<DocumentItem> {
  return em.transactional(async (tx) => {
    const row = await db(tx).selectFrom('document').select(['account_id', 'status', 'current_version']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row || (options.accountId !== undefined && row.account_id !== options.accountId)) throw new NotFound('Document', String(id));
    const { status: from, current_version: currentVersion } = row;
    if (options.expectedVersion !== undefined && options.expectedVersion !== currentVersion) {
      throw new Conflict(`A newer file (version ${currentVersion}) was uploaded since; review that one.`, { reason: 'stale_version', currentVersion });
    }
    if (!canMoveDocument(from, to)) {
      const next = nextDocumentStatus(from);
      throw new Conflict(`A ${from} document cannot become ${to}${next ? `; its next status is ${next}` : '; it is final'}.`,
        { currentStatus: from, allowed: next ? [next] : [] });
    }
    await db(tx).updateTable('document').set({ status: to, updated_at: sql`now()` }).where('id', '=', id).execute();
    await audit(tx, {
      userId: actor.userId, userName: actor.name, action: 'document.status', entity: 'document', entityId: String(id),
      before: { status: from, currentVersion }, after: { status: to, currentVersion },
    });
    return getDocument(tx, id);
  });
}
