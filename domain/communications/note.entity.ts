/** The Note entity (table `note`): one version of an append-only note. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from '../accounts/account.entity.js';
import { User } from '../auth/user.entity.js';

/**
 * A version of a note. Notes are append-only: editing writes a new row with the same
 * `thread` and the next `version`, so every earlier wording stays readable.
 */
export const Note = defineEntity({
  name: 'Note',
  properties: {
    id: p.integer().primary().autoincrement(),
    account: () => p.manyToOne(Account),
    thread: p.uuid(),
    version: p.integer().default(1),
    body: p.text(),
    author: () => p.manyToOne(User).nullable().index(),
    authorName: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['account', 'createdAt'] }],
  uniques: [{ properties: ['thread', 'version'] }],
});
export type INote = InferEntity<typeof Note>;
