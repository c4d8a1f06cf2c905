/** The service order table, the read model its workflow writes. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { SERVICE_ORDER_PRIORITIES, SERVICE_ORDER_STATUSES, SERVICE_ORDER_TYPES, WORKFLOW_STATES } from '../common/enums.js';
import { Account } from '../accounts/account.entity.js';
import { Reading } from '../readings/reading.entity.js';
import { Technician } from './technician.entity.js';
import { User } from '../auth/user.entity.js';

/**
 * The read model of a service order. Its lifecycle is owned by its Temporal workflow
 * (id `service-order-<orderNumber>`); activities write each accepted move here.
 */
export const ServiceOrder = defineEntity({
  name: 'ServiceOrder',
  properties: {
    id: p.integer().primary().autoincrement(),
    orderNumber: p.string().length(20).unique(),
    account: () => p.manyToOne(Account),
    targetAccount: () => p.manyToOne(Account).nullable().index(),
    type: p.enum(SERVICE_ORDER_TYPES),
    description: p.text(),
    priority: p.enum(SERVICE_ORDER_PRIORITIES).default('normal'),
    status: p.enum(SERVICE_ORDER_STATUSES).default('created'),
    permanent: p.boolean().default(false),
    technician: () => p.manyToOne(Technician).nullable().index(),
    scheduledFor: p.datetime().nullable(),
    windowMinutes: p.integer().nullable(),
    /** When the order must be assigned by, computed at creation on its SLA clock; null for orders from before it was stored. */
    assignDueAt: p.datetime().nullable(),
    /** When the order must be completed by (its SLA deadline), computed at creation on its SLA clock. */
    slaDueAt: p.datetime().nullable(),
    overdue: p.boolean().default(false),
    workflowId: p.string().unique(),
    workflowState: p.enum(WORKFLOW_STATES).default('waiting_to_start'),
    sourceReading: () => p.manyToOne(Reading).nullable().index(),
    effectAppliedAt: p.datetime().nullable(),
    rating: p.integer().nullable(),
    ratedAt: p.datetime().nullable(),
    cancelReason: p.text().nullable(),
    completionNote: p.text().nullable(),
    /** Why the dispatchers should look at this order (a move not recorded, a divergence found); cleared by the next recorded move. */
    attention: p.text().nullable(),
    createdBy: () => p.manyToOne(User).nullable().index(),
    createdAt: p.datetime().onCreate(() => new Date()),
    completedAt: p.datetime().nullable(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  indexes: [
    { properties: ['account', 'createdAt'] },
    { properties: ['status', 'priority'] },
  ],
});
export type IServiceOrder = InferEntity<typeof ServiceOrder>;
