/** The technician table. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ServiceOrderType } from '../common/enums.js';

/** A field technician and the order types they are qualified for. */
export const Technician = defineEntity({
  name: 'Technician',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string(),
    phone: p.string().length(32).nullable(),
    skills: p.array<ServiceOrderType>().default([]),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type ITechnician = InferEntity<typeof Technician>;
