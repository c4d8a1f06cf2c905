import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../../infra/logger.js';
import type { Orm } from '../../infra/database/orm.js';
import { audit } from '../../domain/audit/audit.js';
import { enqueueNotification } from '../../domain/notifications/notifications.js';
import { applyCompletionEffect, auditEffect, type CompletionReport, type OrderForEffect } from '../../domain/service-orders/order-effects.js';
import { addOutboxMessage } from '../../domain/notifications/outbox.js';
import type { Actor, OrderState } from '../../workflows/service-order.contract.js';

export interface TransitionRecord {
  orderNumber: string;
  sequence: number;
  from: string;
  to: string;
  action: string;
  at: string;
  actor: Actor;
  note: string | null;
  cancelReason?: string | null;
  snapshot: Pick<OrderState, 'status' | 'technicianId' | 'scheduledFor' | 'windowMinutes'>;
}

export interface CompletionRecord extends Omit<TransitionRecord, 'action' | 'snapshot'>, CompletionReport {}

interface OrderRow {
  id: number; order_number: string; type: string; permanent: boolean; account_id: number;
  target_account_id: number | null; source_reading_id: number | null; effect_applied_at: Date | null;
}

function execute<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

async function lockOrder(em: EntityManager, orderNumber: string): Promise<OrderRow> {
  const rows = await execute<OrderRow>(em, 'select * from service_order where order_number = ? for update', [orderNumber]);
  if (!rows.length) throw new Error(`Service order ${orderNumber} is not in the database`);
  return rows[0];
}

/** Inserts the transition once: (order, sequence) is unique, so a retried activity finds it there. */
async function insertTransition(em: EntityManager, orderId: number, record: Omit<TransitionRecord, 'snapshot'>): Promise<boolean> {
  const rows = await execute<{ id: number }>(em,
    `insert into service_order_transition (order_id, sequence, from_status, to_status, action, at, by_id, by_name, note)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (order_id, sequence) do nothing returning id`,
    [orderId, record.sequence, record.from, record.to, record.action, record.at, record.actor.userId, record.actor.name, record.note]);
  return rows.length === 1;
}

/** The read model follows the highest recorded sequence, whatever order activities finish in. */
async function updateReadModel(em: EntityManager, order: OrderRow, record: TransitionRecord) {
  await execute(em,
    `update service_order set status = ?, technician_id = ?, scheduled_for = ?, window_minutes = ?,
            cancel_reason = coalesce(?, cancel_reason), workflow_state = 'running', updated_at = now()
      where id = ? and not exists (select 1 from service_order_transition t where t.order_id = ? and t.sequence > ?)`,
    [record.snapshot.status, record.snapshot.technicianId, record.snapshot.scheduledFor, record.snapshot.windowMinutes,
      record.cancelReason ?? null, order.id, order.id, record.sequence]);
}

function toOrderForEffect(row: OrderRow): OrderForEffect {
  return {
    id: row.id, orderNumber: row.order_number, type: row.type, permanent: row.permanent, accountId: row.account_id,
    targetAccountId: row.target_account_id, sourceReadingId: row.source_reading_id,
  };
}

/**
 * The service-order activities, built from their dependencies. Each runs in one
 * transaction and is idempotent: a retry after a crash finds its work done and stops.
 */
export function createServiceOrderActivities({ orm, log }: { orm: Orm; log: Logger }) {
  const inTransaction = <T>(work: (em: EntityManager) => Promise<T>) => orm.em.fork().transactional((em) => work(em as EntityManager));

  return {
    async recordTransition(record: TransitionRecord): Promise<void> {
      await inTransaction(async (em) => {
        const order = await lockOrder(em, record.orderNumber);
        if (!(await insertTransition(em, order.id, record))) return;
        await updateReadModel(em, order, record);
        await audit(em, {
          userId: record.actor.userId, userName: record.actor.name, action: `service_order.${record.action}`,
          entity: 'service_order', entityId: record.orderNumber, before: { status: record.from }, after: { ...record.snapshot, note: record.note },
        });
        if (record.action === 'schedule' || record.action === 'reschedule') {
          await enqueueNotification(em, {
            accountId: order.account_id, event: 'technician_scheduled',
            idempotencyKey: `technician_scheduled:${record.orderNumber}:${record.snapshot.scheduledFor}`,
            payload: { orderNumber: record.orderNumber, scheduledFor: record.snapshot.scheduledFor, windowMinutes: record.snapshot.windowMinutes },
          });
        }
      });
    },

    async completeOrder(record: CompletionRecord): Promise<void> {
      await inTransaction(async (em) => {
        const order = await lockOrder(em, record.orderNumber);
        await insertTransition(em, order.id, { ...record, action: 'complete' });
        if (order.effect_applied_at) return; // applied by an earlier try of this activity
        const summary = await applyCompletionEffect(em, toOrderForEffect(order), record);
        await execute(em,
          `update service_order set status = 'completed', completed_at = ?, completion_note = ?, effect_applied_at = now(),
                  workflow_state = 'running', updated_at = now() where id = ?`,
          [record.at, record.note, order.id]);
        await auditEffect(em, toOrderForEffect(order), summary, { userId: record.actor.userId, name: record.actor.name });
        for (const event of ['order_completed', 'satisfaction_survey'] as const) {
          await enqueueNotification(em, {
            accountId: order.account_id, event, idempotencyKey: `${event}:${record.orderNumber}`,
            payload: { orderNumber: record.orderNumber, type: order.type, summary },
          });
        }
        log.info({ orderNumber: record.orderNumber, summary }, 'service order completed');
      });
    },

    async markOverdue({ orderNumber, what, deadline }: { orderNumber: string; what: string; deadline: string }): Promise<void> {
      await inTransaction(async (em) => {
        const rows = await execute<{ id: number }>(em,
          `update service_order set overdue = true, updated_at = now() where order_number = ? and not overdue returning id`, [orderNumber]);
        if (!rows.length) return;
        await audit(em, { userId: null, userName: 'system', action: 'service_order.sla_missed', entity: 'service_order', entityId: orderNumber, after: { what, deadline } });
        await addOutboxMessage(em, 'bullmq', 'notify_dispatchers', { orderNumber, what, deadline, key: `sla:${orderNumber}:${what}` });
      });
    },

    async sendAppointmentReminder({ orderNumber, scheduledFor }: { orderNumber: string; scheduledFor: string }): Promise<void> {
      await inTransaction(async (em) => {
        const rows = await execute<{ account_id: number; window_minutes: number | null }>(em,
          'select account_id, window_minutes from service_order where order_number = ?', [orderNumber]);
        if (!rows.length) return;
        await enqueueNotification(em, {
          accountId: rows[0].account_id, event: 'appointment_reminder', idempotencyKey: `appointment_reminder:${orderNumber}:${scheduledFor}`,
          payload: { orderNumber, scheduledFor, windowMinutes: rows[0].window_minutes },
        });
      });
    },

    async closeWorkflow({ orderNumber }: { orderNumber: string }): Promise<void> {
      await orm.em.fork().getConnection().execute(
        `update service_order set workflow_state = 'closed', updated_at = now() where order_number = ?`, [orderNumber]);
    },
  };
}

export type ServiceOrderActivities = ReturnType<typeof createServiceOrderActivities>;
