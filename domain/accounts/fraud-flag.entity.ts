/** The fraud / tampering flag entity of an account or one of its meters. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { FLAG_KINDS } from '../common/enums.js';
import { Account } from './account.entity.js';
import { Meter } from '../readings/meter.entity.js';
import { User } from '../auth/user.entity.js';

/** A suspicion of fraud or meter tampering; while open it costs 25 health points (docs/rules.md#health-score). */
export const FraudFlag = defineEntity({
  name: 'FraudFlag',
  properties: {
    id: p.integer().primary().autoincrement(),
    account: () => p.manyToOne(Account).index(),
    meter: () => p.manyToOne(Meter).nullable().index(),
    kind: p.enum(FLAG_KINDS),
    note: p.text(),
    openedAt: p.datetime().onCreate(() => new Date()),
    closedAt: p.datetime().nullable(),
    closedNote: p.text().nullable(),
    createdBy: () => p.manyToOne(User).nullable().index(),
  },
});
export type IFraudFlag = InferEntity<typeof FraudFlag>;
