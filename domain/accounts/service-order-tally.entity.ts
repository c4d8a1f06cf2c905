/**
 * The dashboard's open-order counters: service orders per (shard, status, overdue flag), kept exact
 * by triggers on `service_order` in the writing transaction. Read-only for the application; the
 * triggers and `service_order_tally_rebuild()` live in the service-order tally migration.
 */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const ServiceOrderTally = defineEntity({
  name: 'ServiceOrderTally',
  tableName: 'service_order_tally',
  properties: {
    shard: p.smallint().primary(),
    status: p.text().primary(),
    overdue: p.boolean().primary(),
    orders: p.bigint('number').default(0),
  },
});
export type IServiceOrderTally = InferEntity<typeof ServiceOrderTally>;
