/**
 * The VIP consumption bar the nightly run computed, per percentile setting (null: no active account
 * was ever billed). Written by the nightly run once a day, read by the profile (domain/readings/consumption-bar.ts).
 */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const ConsumptionBar = defineEntity({
  name: 'ConsumptionBar',
  tableName: 'consumption_bar',
  properties: {
    percentile: p.smallint().primary(),
    bar: p.decimal('number').nullable(),
    computedAt: p.datetime(),
    /** The utility day of the nightly run that computed it; its reruns that day reuse it. Null outside a run. */
    day: p.date().nullable(),
  },
});
export type IConsumptionBar = InferEntity<typeof ConsumptionBar>;
