/**
 * Documents (SPEC §5): upload, versions, review status.
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
import { createHash } from 'node:crypto';
import type { DocumentKind, DocumentStatus } from '../shared/enums.js';
import { Conflict, Invalid, NotFound, PayloadTooLarge } from '../shared/errors.js';
import { canMoveDocument, nextDocumentStatus } from './document-status.js';
import { audit } from '../audit/audit.js';
import { cleanFileName, withExtension } from './content-disposition.js';
import { getDocument } from './document-queries.js';
import { describeContent, sniffFileType } from './file-type.js';
import type { DocumentItem } from './profile-records.js';
import { accountForWrite, requiredText, txRows, type AccountRef } from './record-writes.js';
import type { Actor } from '../service-orders/service-orders.js';
import { asInt } from '../shared/sql-values.js';

export const TITLE_MAX_LENGTH = 200;

export interface Upload { title: string; kind: DocumentKind; fileName: string; content: Uint8Array }
export interface Uploaded { document: DocumentItem; version: number; created: boolean }

/** Checks the file before anything is written: size (413), emptiness and real type (422). */
function checkFile(upload: Upload, maxBytes: number) {
  const size = upload.content.byteLength;
  if (size > maxBytes) throw new PayloadTooLarge(`The file is ${size} bytes; documents may be at most ${maxBytes} bytes.`);
  if (size === 0) throw new Invalid('The file is empty.', { file: 'empty' });
  const type = sniffFileType(upload.content);
  if (!type) {
    throw new Invalid(`Only PDF, PNG, JPEG and TIFF files are accepted; this file's content is ${describeContent(upload.content)}.`,
      { file: `not a PDF, PNG, JPEG or TIFF (it is ${describeContent(upload.content)})` });
  }
  return {
    title: requiredText(upload.title, 'title', TITLE_MAX_LENGTH), kind: upload.kind, size, contentType: type.contentType,
    fileName: withExtension(cleanFileName(upload.fileName), type.extension),
    sha256: createHash('sha256').update(upload.content).digest('hex'),
  };
}

interface Existing { id: number; currentVersion: number; status: DocumentStatus; kind: DocumentKind; sha256: string | null }

/** The document row for (account, title), created when new; an existing one is locked until commit. */
async function documentFor(em: EntityManager, account: AccountRef, title: string, kind: DocumentKind): Promise<{ id: number; existing: Existing | null }> {
  const inserted = await txRows<{ id: number }>(em, `
    insert into document (account_id, title, kind, status, current_version, created_at, updated_at)
    values (?, ?, ?, 'processing', 1, now(), now()) on conflict (account_id, title) do nothing returning id`, [account.id, title, kind]);
  if (inserted.length) return { id: asInt(inserted[0].id), existing: null };
  const [row] = await txRows(em, `
    select d.id, d.current_version, d.status, d.kind, v.sha256 from document d
      left join document_version v on v.document_id = d.id and v.version = d.current_version
     where d.account_id = ? and d.title = ? for update of d`, [account.id, title]);
  return {
    id: asInt(row.id),
    existing: { id: asInt(row.id), currentVersion: asInt(row.current_version), status: row.status as DocumentStatus, kind: row.kind as DocumentKind, sha256: (row.sha256 as string | null) ?? null },
  };
}

/** Uploads a file as a new document, or as the next version of the account's document with that title. */
export async function uploadDocument(em: EntityManager, accountNumber: string, upload: Upload, actor: Actor, maxBytes: number): Promise<Uploaded> {
  const file = checkFile(upload, maxBytes);
  return em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const account = await accountForWrite(t, accountNumber);
    const { id, existing } = await documentFor(t, account, file.title, file.kind);
    if (existing?.sha256 === file.sha256) {
      throw new Conflict(`This file is identical to version ${existing.currentVersion} of "${file.title}".`, { reason: 'duplicate', currentVersion: existing.currentVersion });
    }
    let version = 1;
    if (existing) {
      const [max] = await txRows<{ v: unknown }>(t, 'select max(version) as v from document_version where document_id = ?', [id]);
      version = asInt(max.v ?? 0) + 1;
      await txRows(t, `update document set current_version = ?, kind = ?, status = 'processing', updated_at = now() where id = ?`, [version, file.kind, id]);
    }
    await txRows(t, `
      insert into document_version (document_id, version, file_name, content_type, size_bytes, sha256, content, uploaded_by_id, uploaded_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, now())`,
      [id, version, file.fileName, file.contentType, file.size, file.sha256, Buffer.from(upload.content), actor.userId]);
    await audit(t, {
      userId: actor.userId, userName: actor.name, action: existing ? 'document.new_version' : 'document.upload', entity: 'document', entityId: String(id),
      before: existing ? { currentVersion: existing.currentVersion, status: existing.status, kind: existing.kind } : null,
      after: { accountNumber: account.accountNumber, title: file.title, kind: file.kind, status: 'processing', currentVersion: version,
        fileName: file.fileName, contentType: file.contentType, sizeBytes: file.size, sha256: file.sha256 },
    });
    return { document: await getDocument(t, id), version, created: !existing };
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
    const t = tx as EntityManager;
    const [row] = await txRows(t, 'select account_id, status, current_version from document where id = ? for update', [id]);
    if (!row || (options.accountId !== undefined && asInt(row.account_id) !== options.accountId)) throw new NotFound('Document', String(id));
    const from = row.status as DocumentStatus;
    const currentVersion = asInt(row.current_version);
    if (options.expectedVersion !== undefined && options.expectedVersion !== currentVersion) {
      throw new Conflict(`A newer file (version ${currentVersion}) was uploaded since; review that one.`, { reason: 'stale_version', currentVersion });
    }
    if (!canMoveDocument(from, to)) {
      const next = nextDocumentStatus(from);
      throw new Conflict(`A ${from} document cannot become ${to}${next ? `; its next status is ${next}` : '; it is final'}.`,
        { currentStatus: from, allowed: next ? [next] : [] });
    }
    await txRows(t, 'update document set status = ?, updated_at = now() where id = ?', [to, id]);
    await audit(t, {
      userId: actor.userId, userName: actor.name, action: 'document.status', entity: 'document', entityId: String(id),
      before: { status: from, currentVersion }, after: { status: to, currentVersion },
    });
    return getDocument(t, id);
  });
}
