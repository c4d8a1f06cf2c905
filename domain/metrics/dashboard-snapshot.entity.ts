/** The `dashboard_snapshot` table: one row of dashboard figures per utility day. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** The dashboard's numbers as of one night, kept for trend charts; one row per utility day. */
export const DashboardSnapshot = defineEntity({
  name: 'DashboardSnapshot',
  properties: {
    day: p.date().primary(),
    totals: p.json<Record<string, unknown>>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IDashboardSnapshot = InferEntity<typeof DashboardSnapshot>;
