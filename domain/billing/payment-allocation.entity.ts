/** The `payment_allocation` table: which bill each processed payment paid, how much and on which utility-local day. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from '../accounts/account.entity.js';
import { Bill } from './bill.entity.js';
import { Payment } from './payment.entity.js';

/** One payment's part of one bill (docs/rules.md#bills-payments-and-compliance); derived by allocation.ts, never edited by hand. */
export const PaymentAllocation = defineEntity({
  name: 'PaymentAllocation',
  properties: {
    id: p.integer().primary().autoincrement(),
    account: () => p.manyToOne(Account),
    payment: () => p.manyToOne(Payment).deleteRule('cascade'),
    bill: () => p.manyToOne(Bill).deleteRule('cascade').index(),
    amountCents: p.bigint('number'),
    appliedOn: p.date(),
  },
  indexes: [{ properties: ['account'] }],
  uniques: [{ properties: ['payment', 'bill'] }],
});
export type IPaymentAllocation = InferEntity<typeof PaymentAllocation>;
