/**
 * The VIP consumption bar the nightly run computed, per percentile setting (null: no active account
 * was ever billed). Written by the nightly run, read by the profile (domain/readings/consumption-bar.ts).
 */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const ConsumptionBar = defineEntity({
  name: 'ConsumptionBar',
  tableName: 'consumption_bar',
  properties: {
    percentile: p.smallint().primary(),
    bar: p.decimal('number').nullable(),
    computedAt: p.datetime(),
  },
});
export type IConsumptionBar = InferEntity<typeof ConsumptionBar>;
