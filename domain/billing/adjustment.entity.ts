/** The `adjustment` table: manual corrections of an account's balance. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from '../accounts/account.entity.js';
import { User } from '../auth/user.entity.js';

/** A manual correction of the balance (credit negative, charge positive), with its reason. */
export const Adjustment = defineEntity({
  name: 'Adjustment',
  properties: {
    id: p.integer().primary().autoincrement(),
    account: () => p.manyToOne(Account).index(),
    amountCents: p.bigint('number'),
    reason: p.text(),
    createdBy: () => p.manyToOne(User).nullable().index(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IAdjustment = InferEntity<typeof Adjustment>;
