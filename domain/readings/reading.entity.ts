/** The `reading` table: meter register readings with their consumption, flags and verification. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { VERIFICATION_STATUSES, type ReadingFlag } from '../common/enums.js';
import { Account } from '../accounts/account.entity.js';
import { Meter } from './meter.entity.js';
import { User } from '../auth/user.entity.js';

/**
 * A cumulative register reading. Consumption and flags are computed when it is
 * entered (docs/rules.md#meters-and-readings); a flagged reading stays pending until an agent verifies or rejects it.
 */
export const Reading = defineEntity({
  name: 'Reading',
  properties: {
    id: p.integer().primary().autoincrement(),
    meter: () => p.manyToOne(Meter),
    account: () => p.manyToOne(Account),
    readAt: p.date(),
    value: p.bigint('number'),
    consumption: p.bigint('number').nullable(),
    verificationStatus: p.enum(VERIFICATION_STATUSES).default('pending'),
    flags: p.array<ReadingFlag>().default([]),
    source: p.string().length(16).default('manual'),
    meterReplaced: p.boolean().default(false),
    /** On an estimate: the actual reading that replaced it (docs/rules.md#estimated-readings); its consumption is then null. */
    supersededBy: () => p.manyToOne(Reading).nullable(),
    createdBy: () => p.manyToOne(User).nullable().index(),
    verifiedBy: () => p.manyToOne(User).nullable().index(),
    verifiedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [
    { properties: ['meter', 'readAt'] },
    { properties: ['account', 'readAt'] },
  ],
});
export type IReading = InferEntity<typeof Reading>;
