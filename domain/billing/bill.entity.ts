/** The `bill` table: bills imported from the billing system, one per account and period. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from '../accounts/account.entity.js';

/** A bill imported from the billing system; usage is in the account's unit (gallons by default). */
export const Bill = defineEntity({
  name: 'Bill',
  properties: {
    id: p.integer().primary().autoincrement(),
    account: () => p.manyToOne(Account),
    periodStart: p.date(),
    periodEnd: p.date(),
    issuedAt: p.date(),
    dueDate: p.date(),
    amountCents: p.bigint('number'),
    usage: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['account', 'dueDate'] }, { properties: ['account', 'issuedAt'] }],
  uniques: [{ properties: ['account', 'periodStart', 'periodEnd'] }],
});
export type IBill = InferEntity<typeof Bill>;
