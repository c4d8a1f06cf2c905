/** The Document entity (table `document`): a titled document of an account. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { DOCUMENT_KINDS, DOCUMENT_STATUSES } from '../common/enums.js';
import { Account } from '../accounts/account.entity.js';

/** A document of an account (agreement, authorization, report); its files are DocumentVersions. */
export const Document = defineEntity({
  name: 'Document',
  properties: {
    id: p.integer().primary().autoincrement(),
    account: () => p.manyToOne(Account).index(),
    title: p.string(),
    kind: p.enum(DOCUMENT_KINDS),
    status: p.enum(DOCUMENT_STATUSES).default('processing'),
    currentVersion: p.integer().default(1),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  uniques: [{ properties: ['account', 'title'] }],
});
export type IDocument = InferEntity<typeof Document>;
