/**
 * The Deployment entity (table `deployment`): one row, written by the migration that creates the table, naming
 * this installation. Workflows carry it, so two installations sharing a Temporal namespace never adopt each other's.
 */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const Deployment = defineEntity({
  name: 'Deployment',
  tableName: 'deployment',
  properties: {
    id: p.uuid().primary(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IDeployment = InferEntity<typeof Deployment>;
