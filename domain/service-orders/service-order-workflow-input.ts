import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceOrderPriority, ServiceOrderStatus, ServiceOrderType } from '../shared/enums.js';
import { slaFor } from './service-order-sla.js';
import { getSetting } from '../settings/settings.js';
import type { ServiceOrderInput } from '../../workflows/service-order.contract.js';

/**
 * The workflow's input, read from the order as it stands, so an order recorded while
 * Temporal was down (or loaded by the seed) starts where it is, with its history counted.
 */
export async function workflowInputFor(em: EntityManager, orderNumber: string): Promise<ServiceOrderInput | null> {
  const rows = await em.getConnection().execute<{
    type: ServiceOrderType; priority: ServiceOrderPriority; status: ServiceOrderStatus; technician_id: number | null;
    scheduled_for: Date | null; window_minutes: number | null; created_at: Date; overdue: boolean; transitions: string;
  }[]>(
    `select o.type, o.priority, o.status, o.technician_id, o.scheduled_for, o.window_minutes, o.created_at, o.overdue,
            (select count(*) from service_order_transition t where t.order_id = o.id) as transitions
       from service_order o where o.order_number = ?`, [orderNumber]);
  if (!rows.length) return null;
  const row = rows[0];
  const settings = await getSetting(em, 'sla');
  const limits = slaFor(row.type, row.priority, settings);
  return {
    orderNumber, type: row.type, priority: row.priority, status: row.status,
    recordedTransitions: Number(row.transitions), technicianId: row.technician_id,
    scheduledFor: row.scheduled_for ? new Date(row.scheduled_for).toISOString() : null, windowMinutes: row.window_minutes,
    createdAt: new Date(row.created_at).toISOString(), overdue: row.overdue,
    assignWithinSeconds: limits.assignWithinSeconds, completeWithinSeconds: limits.completeWithinSeconds,
    reminderLeadSeconds: settings.reminderLeadSeconds,
  };
}
