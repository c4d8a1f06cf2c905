/** The `meter_assignment` table: which meter serves which service connection, and since when. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Meter } from './meter.entity.js';
import { ServiceConnection } from './service-connection.entity.js';

/**
 * A meter's assignment to a connection. The history is kept; a partial unique index
 * (see the migration) allows at most one open assignment per meter.
 */
export const MeterAssignment = defineEntity({
  name: 'MeterAssignment',
  properties: {
    id: p.integer().primary().autoincrement(),
    meter: () => p.manyToOne(Meter).index(),
    connection: () => p.manyToOne(ServiceConnection).index(),
    assignedAt: p.date(),
    unassignedAt: p.date().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IMeterAssignment = InferEntity<typeof MeterAssignment>;
