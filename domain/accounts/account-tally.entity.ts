/**
 * The dashboard's running counters: accounts and balances per (shard, status,
 * disconnection kind, VIP, overdue), kept exact by triggers on `account` in the writing
 * transaction. Read-only for the application; the triggers and `account_tally_rebuild()`
 * live in the dashboard migration.
 */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const AccountTally = defineEntity({
  name: 'AccountTally',
  tableName: 'account_tally',
  properties: {
    shard: p.smallint().primary(),
    status: p.text().primary(),
    disconnectionKind: p.text().primary().default(''),
    vip: p.boolean().primary(),
    overdue: p.boolean().primary(),
    accounts: p.bigint('number').default(0),
    balanceCents: p.bigint('number').default(0),
  },
});
export type IAccountTally = InferEntity<typeof AccountTally>;
