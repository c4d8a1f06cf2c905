/** The `meter` table: the physical meters. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { METER_READING_STATUSES } from '../common/enums.js';

/** A physical meter, e.g. M-5678 with device D-9012, an Aquaflow X200. */
export const Meter = defineEntity({
  name: 'Meter',
  properties: {
    id: p.integer().primary().autoincrement(),
    meterNumber: p.string().length(32).unique(),
    deviceNumber: p.string().length(32).unique(),
    type: p.string(),
    model: p.string(),
    unit: p.string().length(16).default('gallons'),
    installedAt: p.date(),
    readingStatus: p.enum(METER_READING_STATUSES).default('active'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IMeter = InferEntity<typeof Meter>;
