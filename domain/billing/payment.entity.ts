/** The `payment` table: payments recorded against an account (and optionally a bill). */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PAYMENT_METHODS, PAYMENT_STATUSES } from '../common/enums.js';
import { Account } from '../accounts/account.entity.js';
import { Bill } from './bill.entity.js';
import { User } from '../auth/user.entity.js';

/** A payment; its reference is unique so a payment recorded twice is refused. */
export const Payment = defineEntity({
  name: 'Payment',
  properties: {
    id: p.integer().primary().autoincrement(),
    account: () => p.manyToOne(Account),
    bill: () => p.manyToOne(Bill).nullable().index(),
    reference: p.string().unique(),
    paidAt: p.datetime(),
    amountCents: p.bigint('number'),
    method: p.enum(PAYMENT_METHODS),
    status: p.enum(PAYMENT_STATUSES),
    createdBy: () => p.manyToOne(User).nullable().index(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['account', 'paidAt'] }],
});
export type IPayment = InferEntity<typeof Payment>;
