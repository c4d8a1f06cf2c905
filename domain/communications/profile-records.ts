/** The Communication, Notes, Complaints and Documents tabs (SPEC §5): lists, newest first. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CommunicationChannel, ComplaintStatus, Direction, DocumentKind, DocumentStatus } from '../shared/enums.js';
import { pageOf, type Page, type PageRequest } from '../shared/paging.js';
import { asDate, asDateOrNull, asInt, asIntOrNull } from '../shared/sql-values.js';

export interface CommunicationItem {
  id: number; channel: CommunicationChannel; direction: Direction; subject: string | null; body: string;
  durationSeconds: number | null; occurredAt: Date; createdBy: string | null;
}

/** The latest version of a note thread; earlier wordings stay stored (notes are append-only). */
export interface NoteItem {
  id: number; thread: string; version: number; body: string; author: string;
  /** When this version was written. */
  createdAt: Date;
  /** When the thread's first version was written. */
  firstCreatedAt: Date;
  edited: boolean;
}

export interface ComplaintItem {
  id: number; category: string; description: string; status: ComplaintStatus;
  openedAt: Date; resolvedAt: Date | null; resolution: string | null;
}

export interface DocumentItem {
  id: number; title: string; kind: DocumentKind; status: DocumentStatus; currentVersion: number; versionCount: number;
  fileName: string | null; contentType: string | null; sizeBytes: number | null; createdAt: Date; updatedAt: Date;
}

const COMMUNICATIONS = `
  select c.id, c.channel, c.direction, c.subject, c.body, c.duration_seconds, c.occurred_at, u.name as created_by
    from communication c left join app_user u on u.id = c.created_by_id
   where c.account_id = ? order by c.occurred_at desc, c.id desc`;

const NOTES = `
  select id, thread, version, body, author_name, created_at, first_created_at from (
    select id, thread, version, body, author_name, created_at,
           min(created_at) over (partition by thread) as first_created_at,
           row_number() over (partition by thread order by version desc) as newest
      from note where account_id = ?) n
   where newest = 1 order by created_at desc, id desc`;

const COMPLAINTS = `
  select id, category, description, status, opened_at, resolved_at, resolution
    from complaint where account_id = ? order by opened_at desc, id desc`;

// Never the file bytes: a list reads only the current version's metadata.
const DOCUMENTS = `
  select d.id, d.title, d.kind, d.status, d.current_version, d.created_at, d.updated_at,
         v.file_name, v.content_type, v.size_bytes,
         (select count(*) from document_version x where x.document_id = d.id) as version_count
    from document d left join document_version v on v.document_id = d.id and v.version = d.current_version
   where d.account_id = ? order by d.updated_at desc, d.id desc`;

export function listCommunications(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<CommunicationItem>> {
  return pageOf(em, COMMUNICATIONS, 'select count(*) as total from communication where account_id = ?', [accountId], request, (r) => ({
    id: asInt(r.id), channel: r.channel as CommunicationChannel, direction: r.direction as Direction,
    subject: (r.subject as string | null) ?? null, body: String(r.body), durationSeconds: asIntOrNull(r.duration_seconds),
    occurredAt: asDate(r.occurred_at), createdBy: (r.created_by as string | null) ?? null,
  }));
}

export function listNotes(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<NoteItem>> {
  return pageOf(em, NOTES, 'select count(distinct thread) as total from note where account_id = ?', [accountId], request, (r) => ({
    id: asInt(r.id), thread: String(r.thread), version: asInt(r.version), body: String(r.body), author: String(r.author_name),
    createdAt: asDate(r.created_at), firstCreatedAt: asDate(r.first_created_at), edited: asInt(r.version) > 1,
  }));
}

export function listComplaints(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<ComplaintItem>> {
  return pageOf(em, COMPLAINTS, 'select count(*) as total from complaint where account_id = ?', [accountId], request, (r) => ({
    id: asInt(r.id), category: String(r.category), description: String(r.description), status: r.status as ComplaintStatus,
    openedAt: asDate(r.opened_at), resolvedAt: asDateOrNull(r.resolved_at), resolution: (r.resolution as string | null) ?? null,
  }));
}

export function listDocuments(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<DocumentItem>> {
  return pageOf(em, DOCUMENTS, 'select count(*) as total from document where account_id = ?', [accountId], request, (r) => ({
    id: asInt(r.id), title: String(r.title), kind: r.kind as DocumentKind, status: r.status as DocumentStatus,
    currentVersion: asInt(r.current_version), versionCount: asInt(r.version_count),
    fileName: (r.file_name as string | null) ?? null, contentType: (r.content_type as string | null) ?? null,
    sizeBytes: asIntOrNull(r.size_bytes), createdAt: asDate(r.created_at), updatedAt: asDate(r.updated_at),
  }));
}
