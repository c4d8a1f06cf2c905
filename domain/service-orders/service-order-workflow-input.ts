/**
 * The workflow's input, read from the order as it stands, so an order recorded while
 * Temporal was down (or loaded by the seed) starts where it is, with its history counted.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../common/database.js';
import { slaFor } from './service-order-sla.js';
import { getSetting } from '../settings/settings.js';
import type { ServiceOrderInput } from './service-order-workflow.js';

export async function workflowInputFor(em: EntityManager, orderNumber: string): Promise<ServiceOrderInput | null> {
  const order = await db(em).selectFrom('service_order as o')
    .select((eb) => [
      'o.type', 'o.priority', 'o.status', 'o.technician_id', 'o.scheduled_for', 'o.window_minutes', 'o.created_at', 'o.overdue',
      'o.assign_due_at', 'o.sla_due_at',
      eb.selectFrom('service_order_transition as t').whereRef('t.order_id', '=', 'o.id')
        .select((sub) => sub.fn.countAll<string>().as('n')).as('transitions'),
    ])
    .where('o.order_number', '=', orderNumber).executeTakeFirst();
  if (!order) return null;
  const settings = await getSetting(em, 'sla');
  const limits = slaFor(order.type, order.priority, settings);
  return {
    orderNumber, type: order.type, priority: order.priority, status: order.status,
    recordedTransitions: Number(order.transitions), technicianId: order.technician_id,
    scheduledFor: order.scheduled_for?.toISOString() ?? null, windowMinutes: order.window_minutes,
    createdAt: order.created_at.toISOString(), overdue: order.overdue,
    assignWithinSeconds: limits.assignWithinSeconds, completeWithinSeconds: limits.completeWithinSeconds,
    reminderLeadSeconds: settings.reminderLeadSeconds,
    // The deadlines fixed at creation (business time or wall clock); older orders have none and count from creation.
    assignDueAt: order.assign_due_at?.toISOString() ?? null, completeDueAt: order.sla_due_at?.toISOString() ?? null,
  };
}
