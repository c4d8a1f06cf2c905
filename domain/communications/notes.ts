/**
 * Notes (docs/rules.md#consumer-profile) are append-only: nothing is ever updated or deleted. An edit writes
 * the next version of the note's thread, so earlier wordings stay on record.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import { Conflict, Invalid, NotFound } from '../common/errors.js';
import { audit } from '../audit/audit.js';
import { fetchPage, type Page, type PageRequest } from '../common/paging.js';
import { asDate } from '../common/sql-values.js';
import type { NoteItem } from './profile-records.js';
import { findAccount } from '../accounts/account-record.js';
import { requiredText } from './record-writes.js';

export const NOTE_MAX_LENGTH = 10_000;

/** One stored version of a note. */
export interface NoteVersion { id: number; thread: string; version: number; body: string; author: string; createdAt: Date }

/** A note row as a NoteVersion. */
const VERSION = ['note.id', 'note.thread', 'note.version', 'note.body', 'note.author_name as author', 'note.created_at as createdAt'] as const;

function asItem(note: NoteVersion, firstCreatedAt: Date): NoteItem {
  return { ...note, firstCreatedAt, edited: note.version > 1 };
}

/** Appends a version to a thread (now as its time). */
function insertVersion(em: EntityManager, accountId: number, thread: string, version: number, body: string, actor: Actor): Promise<NoteVersion> {
  return db(em).insertInto('note')
    .values({ account_id: accountId, thread, version, body, author_id: actor.userId, author_name: actor.name, created_at: sql`now()` })
    .returning(VERSION).executeTakeFirstOrThrow();
}

/** Adds a new note (version 1 of a new thread). */
export async function addNote(em: EntityManager, accountNumber: string, body: string, actor: Actor): Promise<NoteItem> {
  const text = requiredText(body, 'body', NOTE_MAX_LENGTH);
  return em.transactional(async (tx) => {
    const account = await findAccount(tx, accountNumber);
    const note = await insertVersion(tx, account.id, randomUUID(), 1, text, actor);
    await audit(tx, {
      userId: actor.userId, userName: actor.name, action: 'note.create', entity: 'note', entityId: note.thread,
      after: { accountNumber: account.accountNumber, version: 1, body: text },
    });
    return asItem(note, note.createdAt);
  });
}

/** When the thread's first version was written. */
async function threadStart(em: EntityManager, thread: string): Promise<Date> {
  const first = await db(em).selectFrom('note').select((eb) => eb.fn.min('created_at').as('at')).where('thread', '=', thread).executeTakeFirstOrThrow();
  return asDate(first.at); // an aggregate comes back as text
}

/** The note version `noteId` with its thread's latest version and first date; NotFound outside `accountId` when given. */
async function threadOf(em: EntityManager, noteId: number, accountId?: number) {
  const edited = await db(em).selectFrom('note').innerJoin('account', 'account.id', 'note.account_id')
    .select(['note.version', 'note.thread', 'note.account_id', 'account.account_number']).where('note.id', '=', noteId).executeTakeFirst();
  if (!edited || (accountId !== undefined && edited.account_id !== accountId)) throw new NotFound('Note', String(noteId));
  // Locking the thread's newest row makes two simultaneous edits queue up; the loser then sees it is stale.
  const latest = await db(em).selectFrom('note').select(VERSION).where('thread', '=', edited.thread)
    .orderBy('version', 'desc').limit(1).forUpdate().executeTakeFirstOrThrow();
  return { editedVersion: edited.version, latest, firstCreatedAt: await threadStart(em, edited.thread), accountId: edited.account_id, accountNumber: edited.account_number };
}

/**
 * Saves a new wording of the note whose version `noteId` the agent edited: the next
 * version of its thread. 409 when `noteId` is no longer the latest version (someone
 * else saved one meanwhile); 422 when the text is unchanged (it would only clutter the history).
 */
export async function reviseNote(em: EntityManager, noteId: number, body: string, actor: Actor, accountId?: number): Promise<NoteItem> {
  const text = requiredText(body, 'body', NOTE_MAX_LENGTH);
  return em.transactional(async (tx) => {
    const { editedVersion, latest, firstCreatedAt, accountNumber, accountId: owner } = await threadOf(tx, noteId, accountId);
    if (latest.version !== editedVersion) {
      throw new Conflict(`This note was changed by ${latest.author} since you opened it (now version ${latest.version}); reload it and edit that.`, {
        reason: 'stale_version', currentVersion: latest.version, currentId: latest.id,
      });
    }
    if (latest.body === text) throw new Invalid('The note is unchanged.', { body: 'unchanged' });
    const note = await insertVersion(tx, owner, latest.thread, latest.version + 1, text, actor);
    await audit(tx, {
      userId: actor.userId, userName: actor.name, action: 'note.revise', entity: 'note', entityId: note.thread,
      before: { accountNumber, version: latest.version, body: latest.body }, after: { accountNumber, version: note.version, body: text },
    });
    return asItem(note, firstCreatedAt);
  });
}

/** One stored version as a list item (for the edit form); NotFound when unknown or of another account. */
export async function getNote(em: EntityManager, noteId: number, accountId?: number): Promise<NoteItem> {
  const row = await db(em).selectFrom('note').select([...VERSION, 'note.account_id'])
    .select((eb) => eb.selectFrom('note as f').whereRef('f.thread', '=', 'note.thread').select((f) => f.fn.min('f.created_at').as('at')).as('firstCreatedAt'))
    .where('note.id', '=', noteId).executeTakeFirst();
  if (!row || (accountId !== undefined && row.account_id !== accountId)) throw new NotFound('Note', String(noteId));
  const { account_id: _owner, firstCreatedAt, ...note } = row;
  return asItem(note, asDate(firstCreatedAt));
}

/** Every version of the thread that note `noteId` belongs to, newest first. */
export async function noteHistory(em: EntityManager, noteId: number, request: PageRequest, accountId?: number): Promise<Page<NoteVersion>> {
  const note = await db(em).selectFrom('note').select(['thread', 'account_id']).where('id', '=', noteId).executeTakeFirst();
  if (!note || (accountId !== undefined && note.account_id !== accountId)) throw new NotFound('Note', String(noteId));
  const thread = db(em).selectFrom('note').where('thread', '=', note.thread);
  return fetchPage(thread.select(VERSION).orderBy('version', 'desc'),
    thread.select((eb) => eb.fn.countAll<string>().as('total')), request, (row) => row);
}
