/** The `service_connection` table: where water is delivered to an account. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from '../accounts/account.entity.js';

/** The point where the utility delivers water to an account's premises; meters are assigned to it. */
export const ServiceConnection = defineEntity({
  name: 'ServiceConnection',
  properties: {
    id: p.integer().primary().autoincrement(),
    account: () => p.manyToOne(Account).index(),
    address: p.string(),
    serviceType: p.string().default('water'),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IServiceConnection = InferEntity<typeof ServiceConnection>;
