/**
 * Every word of every account's folded name with each of its one-letter deletions (and itself), for
 * finding the name words one typo away from a typed word (docs/rules.md#search). Read-only for the
 * application: triggers on `account` keep it (migration 20261201100000).
 */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const NameWordDeletion = defineEntity({
  name: 'NameWordDeletion',
  tableName: 'name_word_deletion',
  properties: {
    deletion: p.text().primary(),
    word: p.text().primary(),
  },
});
export type INameWordDeletion = InferEntity<typeof NameWordDeletion>;
