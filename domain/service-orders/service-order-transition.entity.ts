/** The history of a service order: one row per accepted move. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { SERVICE_ORDER_STATUSES } from '../common/enums.js';
import { ServiceOrder } from './service-order.entity.js';
import { User } from '../auth/user.entity.js';
import { Account } from '../accounts/account.entity.js';

/**
 * One accepted move of a service order. `sequence` is the move's position in the
 * workflow; (order, sequence) is unique so an activity retried after a crash writes once.
 */
export const ServiceOrderTransition = defineEntity({
  name: 'ServiceOrderTransition',
  properties: {
    id: p.integer().primary().autoincrement(),
    order: () => p.manyToOne(ServiceOrder),
    /** The order's account, copied so the account timeline reads an account's moves by one index. */
    account: () => p.manyToOne(Account),
    sequence: p.integer(),
    fromStatus: p.enum(SERVICE_ORDER_STATUSES).nullable(),
    toStatus: p.enum(SERVICE_ORDER_STATUSES),
    action: p.string().length(32),
    at: p.datetime(),
    by: () => p.manyToOne(User).nullable().index(),
    byName: p.string(),
    note: p.text().nullable(),
  },
  uniques: [{ properties: ['order', 'sequence'] }],
  indexes: [{ properties: ['account', 'at'] }],
});
export type IServiceOrderTransition = InferEntity<typeof ServiceOrderTransition>;
