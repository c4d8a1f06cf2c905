/** The Holiday entity (table `holiday`): the utility's holiday calendar, one row per local day. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from '../auth/user.entity.js';

/** A day the utility does not work: business-time SLAs skip it (docs/rules.md#business-hours-and-holidays). */
export const Holiday = defineEntity({
  name: 'Holiday',
  properties: {
    id: p.integer().primary().autoincrement(),
    day: p.date().unique(),
    name: p.string().length(100),
    createdBy: () => p.manyToOne(User).nullable().index(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IHoliday = InferEntity<typeof Holiday>;
