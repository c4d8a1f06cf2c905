/** The Complaint entity (table `complaint`). */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { COMPLAINT_STATUSES } from '../common/enums.js';
import { Account } from '../accounts/account.entity.js';
import { User } from '../auth/user.entity.js';
import { Document } from './document.entity.js';

/** A complaint; one unresolved for more than 30 days costs health points (docs/rules.md#health-score). */
export const Complaint = defineEntity({
  name: 'Complaint',
  properties: {
    id: p.integer().primary().autoincrement(),
    account: () => p.manyToOne(Account),
    category: p.string(),
    description: p.text(),
    status: p.enum(COMPLAINT_STATUSES).default('open'),
    openedAt: p.datetime().onCreate(() => new Date()),
    resolvedAt: p.datetime().nullable(),
    resolution: p.text().nullable(),
    createdBy: () => p.manyToOne(User).nullable().index(),
    resolvedBy: () => p.manyToOne(User).nullable().index(),
    /** The photo a consumer attached when reporting the problem in the portal. */
    photoDocument: () => p.manyToOne(Document).nullable(),
  },
  indexes: [
    { properties: ['account', 'openedAt'] }, { properties: ['status', 'openedAt'] },
    // For the account timeline's resolution entries.
    { name: 'complaint_account_id_resolved_at_index', expression: 'create index complaint_account_id_resolved_at_index on complaint (account_id, resolved_at) where resolved_at is not null' },
  ],
});
export type IComplaint = InferEntity<typeof Complaint>;
