/**
 * Notes (SPEC §5) are append-only: nothing is ever updated or deleted. An edit writes
 * the next version of the note's thread, so what an agent read last week stays on
 * record next to what the note says now, each with its author and time.
 *
 * An edit names the version it replaces; when someone else saved a newer version in the
 * meantime the edit is refused (409) instead of silently hiding their wording.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Conflict, Invalid, NotFound } from '../shared/errors.js';
import { audit } from '../audit/audit.js';
import { pageOf, type Page, type PageRequest } from '../shared/paging.js';
import type { NoteItem } from './profile-records.js';
import { accountForWrite, requiredText, txRows } from './record-writes.js';
import type { Actor } from '../service-orders/service-orders.js';
import { asDate, asInt } from '../shared/sql-values.js';

export const NOTE_MAX_LENGTH = 10_000;

/** One stored version of a note. */
export interface NoteVersion { id: number; thread: string; version: number; body: string; author: string; createdAt: Date }

type Row = Record<string, unknown>;
const toVersion = (r: Row): NoteVersion => ({
  id: asInt(r.id), thread: String(r.thread), version: asInt(r.version), body: String(r.body),
  author: String(r.author_name), createdAt: asDate(r.created_at),
});

function asItem(note: NoteVersion, firstCreatedAt: Date): NoteItem {
  return { ...note, firstCreatedAt, edited: note.version > 1 };
}

const INSERT = `insert into note (account_id, thread, version, body, author_id, author_name, created_at)
                values (?, ?, ?, ?, ?, ?, now()) returning id, thread, version, body, author_name, created_at`;

/** Adds a new note (version 1 of a new thread). */
export async function addNote(em: EntityManager, accountNumber: string, body: string, actor: Actor): Promise<NoteItem> {
  const text = requiredText(body, 'body', NOTE_MAX_LENGTH);
  return em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const account = await accountForWrite(t, accountNumber);
    const [row] = await txRows(t, INSERT, [account.id, randomUUID(), 1, text, actor.userId, actor.name]);
    const note = toVersion(row);
    await audit(t, {
      userId: actor.userId, userName: actor.name, action: 'note.create', entity: 'note', entityId: note.thread,
      after: { accountNumber: account.accountNumber, version: 1, body: text },
    });
    return asItem(note, note.createdAt);
  });
}

/** The note version `noteId` with its thread's latest version and first date; NotFound outside `accountId` when given. */
async function threadOf(em: EntityManager, noteId: number, accountId?: number) {
  const rows = await txRows(em, `
    select n.id, n.thread, n.version, n.body, n.author_name, n.created_at, n.account_id, a.account_number
      from note n join account a on a.id = n.account_id where n.id = ?`, [noteId]);
  if (!rows.length || (accountId !== undefined && asInt(rows[0].account_id) !== accountId)) throw new NotFound('Note', String(noteId));
  // Locking the thread's newest row makes two simultaneous edits queue up; the loser then sees it is stale.
  const [latest] = await txRows(em, 'select id, thread, version, body, author_name, created_at from note where thread = ? order by version desc limit 1 for update', [rows[0].thread]);
  const [first] = await txRows<{ at: unknown }>(em, 'select min(created_at) as at from note where thread = ?', [rows[0].thread]);
  return { edited: toVersion(rows[0]), latest: toVersion(latest), firstCreatedAt: asDate(first.at), accountId: asInt(rows[0].account_id), accountNumber: String(rows[0].account_number) };
}

/**
 * Saves a new wording of the note whose version `noteId` the agent edited: the next
 * version of its thread. 409 when `noteId` is no longer the latest version; 422 when
 * the text is unchanged (a version that changes nothing would only clutter the history).
 */
export async function reviseNote(em: EntityManager, noteId: number, body: string, actor: Actor, accountId?: number): Promise<NoteItem> {
  const text = requiredText(body, 'body', NOTE_MAX_LENGTH);
  return em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const { edited, latest, firstCreatedAt, accountNumber, accountId: owner } = await threadOf(t, noteId, accountId);
    if (latest.version !== edited.version) {
      throw new Conflict(`This note was changed by ${latest.author} since you opened it (now version ${latest.version}); reload it and edit that.`, {
        reason: 'stale_version', currentVersion: latest.version, currentId: latest.id,
      });
    }
    if (latest.body === text) throw new Invalid('The note is unchanged.', { body: 'unchanged' });
    const [row] = await txRows(t, INSERT, [owner, latest.thread, latest.version + 1, text, actor.userId, actor.name]);
    const note = toVersion(row);
    await audit(t, {
      userId: actor.userId, userName: actor.name, action: 'note.revise', entity: 'note', entityId: note.thread,
      before: { accountNumber, version: latest.version, body: latest.body }, after: { accountNumber, version: note.version, body: text },
    });
    return asItem(note, firstCreatedAt);
  });
}

/** One stored version as a list item (for the edit form); NotFound when unknown or of another account. */
export async function getNote(em: EntityManager, noteId: number, accountId?: number): Promise<NoteItem> {
  const [row] = await em.getConnection().execute<Row[]>(`
    select id, thread, version, body, author_name, created_at, account_id,
           (select min(created_at) from note f where f.thread = n.thread) as first_created_at
      from note n where id = ?`, [noteId]);
  if (!row || (accountId !== undefined && asInt(row.account_id) !== accountId)) throw new NotFound('Note', String(noteId));
  return asItem(toVersion(row), asDate(row.first_created_at));
}

/** Every version of the thread that note `noteId` belongs to, newest first. */
export async function noteHistory(em: EntityManager, noteId: number, request: PageRequest, accountId?: number): Promise<Page<NoteVersion>> {
  const [note] = await em.getConnection().execute<{ thread: string; account_id: number }[]>('select thread, account_id from note where id = ?', [noteId]);
  if (!note || (accountId !== undefined && asInt(note.account_id) !== accountId)) throw new NotFound('Note', String(noteId));
  return pageOf(em, 'select id, thread, version, body, author_name, created_at from note where thread = ? order by version desc',
    'select count(*) as total from note where thread = ?', [note.thread], request, toVersion);
}
