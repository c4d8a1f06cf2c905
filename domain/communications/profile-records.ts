/** The Communication, Notes, Complaints and Documents tabs (docs/rules.md#consumer-profile): lists, newest first. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../common/database.js';
import type { CommunicationChannel, ComplaintStatus, Direction } from '../common/enums.js';
import { fetchPage, type Page, type PageRequest } from '../common/paging.js';
import { asDate } from '../common/sql-values.js';
import { documentsWithCurrentVersion, selectDocumentItems, type DocumentItem } from './document-queries.js';

export interface CommunicationItem {
  id: number; channel: CommunicationChannel; direction: Direction; subject: string | null; body: string;
  durationSeconds: number | null; occurredAt: Date; createdBy: string | null;
  /** The notification this entry records the sending of (the timeline links a notification here). */
  notificationId: number | null;
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

const total = sql<number>`count(*)::int`.as('total');

export function listCommunications(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<CommunicationItem>> {
  const communications = db(em).selectFrom('communication as c').leftJoin('app_user as u', 'u.id', 'c.created_by_id').where('c.account_id', '=', accountId);
  const select = communications
    .select(['c.id', 'c.channel', 'c.direction', 'c.subject', 'c.body', 'c.duration_seconds as durationSeconds', 'c.occurred_at as occurredAt', 'u.name as createdBy', 'c.notification_id as notificationId'])
    .orderBy('c.occurred_at', 'desc').orderBy('c.id', 'desc');
  return fetchPage(select, communications.select(total), request, (row) => row);
}

/** The newest version of each thread, with the thread's first date. */
export function listNotes(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<NoteItem>> {
  const versions = db(em).selectFrom('note')
    .select(['id', 'thread', 'version', 'body', 'author_name', 'created_at'])
    .select([
      sql<Date>`min(created_at) over (partition by thread)`.as('first_created_at'),
      sql<number>`row_number() over (partition by thread order by version desc)`.as('newest'),
    ])
    .where('account_id', '=', accountId);
  const newest = db(em).selectFrom(versions.as('n')).where('newest', '=', 1);
  const select = newest
    .select(['id', 'thread', 'version', 'body', 'author_name as author', 'created_at as createdAt', 'first_created_at'])
    .orderBy('created_at', 'desc').orderBy('id', 'desc');
  return fetchPage(select, newest.select(total), request, ({ first_created_at, ...note }) => ({
    ...note, firstCreatedAt: asDate(first_created_at), edited: note.version > 1, // a window value comes back as text
  }));
}

export function listComplaints(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<ComplaintItem>> {
  const complaints = db(em).selectFrom('complaint').where('account_id', '=', accountId);
  const select = complaints
    .select(['id', 'category', 'description', 'status', 'opened_at as openedAt', 'resolved_at as resolvedAt', 'resolution'])
    .orderBy('opened_at', 'desc').orderBy('id', 'desc');
  return fetchPage(select, complaints.select(total), request, (row) => row);
}

export function listDocuments(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<DocumentItem>> {
  const documents = documentsWithCurrentVersion(em).where('d.account_id', '=', accountId);
  const select = selectDocumentItems(documents).orderBy('d.updated_at', 'desc').orderBy('d.id', 'desc');
  return fetchPage(select, documents.select(total), request, ({ account_id: _owner, ...document }) => document);
}
