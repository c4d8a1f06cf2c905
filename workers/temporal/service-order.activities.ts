/**
 * The service-order activities, built from their dependencies. Each runs in one
 * transaction and is idempotent: a retry after a crash finds its work done and stops.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Logger } from '../../infra/logger.js';
import type { Orm } from '../../infra/database/orm.js';
import { audit } from '../../domain/audit/audit.js';
import { db } from '../../domain/common/database.js';
import { enqueueNotification } from '../../domain/notifications/notifications.js';
import { applyCompletionEffect, auditEffect, type OrderForEffect } from '../../domain/service-orders/order-effects.js';
import { addOutboxMessage } from '../../domain/notifications/outbox.js';
import type { ServiceOrderActivities, TransitionRecord } from '../../domain/service-orders/service-order-workflow.js';

/** The order, locked for the rest of the transaction so concurrent activities of one order queue up. */
async function lockOrder(em: EntityManager, orderNumber: string) {
  const order = await db(em).selectFrom('service_order')
    .select(['id', 'order_number', 'type', 'permanent', 'account_id', 'target_account_id', 'source_reading_id', 'effect_applied_at'])
    .where('order_number', '=', orderNumber).forUpdate().executeTakeFirst();
  if (!order) throw new Error(`Service order ${orderNumber} is not in the database`);
  return order;
}

type LockedOrder = Awaited<ReturnType<typeof lockOrder>>;

/** Inserts the transition once: (order, sequence) is unique, so a retried activity finds it there. */
async function insertTransition(em: EntityManager, orderId: number, record: Omit<TransitionRecord, 'snapshot'>): Promise<boolean> {
  const inserted = await db(em).insertInto('service_order_transition').values({
    order_id: orderId, sequence: record.sequence, from_status: record.from, to_status: record.to, action: record.action,
    at: new Date(record.at), by_id: record.actor.userId, by_name: record.actor.name, note: record.note,
  }).onConflict((oc) => oc.columns(['order_id', 'sequence']).doNothing()).returning('id').executeTakeFirst();
  return inserted !== undefined;
}

/** The read model follows the highest recorded sequence, whatever order activities finish in. */
async function updateReadModel(em: EntityManager, order: LockedOrder, record: TransitionRecord) {
  const { snapshot } = record;
  await db(em).updateTable('service_order')
    .set((eb) => ({
      status: snapshot.status, technician_id: snapshot.technicianId, window_minutes: snapshot.windowMinutes,
      scheduled_for: snapshot.scheduledFor === null ? null : new Date(snapshot.scheduledFor),
      cancel_reason: eb.fn.coalesce(eb.val(record.cancelReason ?? null), eb.ref('cancel_reason')),
      workflow_state: 'running', updated_at: sql`now()`,
    }))
    .where('id', '=', order.id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('service_order_transition as t').select(eb.lit(1).as('one'))
      .where('t.order_id', '=', order.id).where('t.sequence', '>', record.sequence))))
    .execute();
}

function toOrderForEffect(order: LockedOrder): OrderForEffect {
  return {
    id: order.id, orderNumber: order.order_number, type: order.type, permanent: order.permanent, accountId: order.account_id,
    targetAccountId: order.target_account_id, sourceReadingId: order.source_reading_id,
  };
}

export function createServiceOrderActivities({ orm, log }: { orm: Orm; log: Logger }) {
  const inTransaction = <T>(work: (em: EntityManager) => Promise<T>) => orm.em.fork().transactional(work);

  return {
    async recordTransition(record) {
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

    async completeOrder(record) {
      await inTransaction(async (em) => {
        const order = await lockOrder(em, record.orderNumber);
        await insertTransition(em, order.id, { ...record, action: 'complete' });
        if (order.effect_applied_at) return; // applied by an earlier try of this activity
        const summary = await applyCompletionEffect(em, toOrderForEffect(order), record);
        await db(em).updateTable('service_order').set({
          status: 'completed', completed_at: new Date(record.at), completion_note: record.note, effect_applied_at: sql`now()`,
          workflow_state: 'running', updated_at: sql`now()`,
        }).where('id', '=', order.id).execute();
        await auditEffect(em, toOrderForEffect(order), summary, record.actor);
        for (const event of ['order_completed', 'satisfaction_survey'] as const) {
          await enqueueNotification(em, {
            accountId: order.account_id, event, idempotencyKey: `${event}:${record.orderNumber}`,
            payload: { orderNumber: record.orderNumber, type: order.type, summary },
          });
        }
        log.info({ orderNumber: record.orderNumber, summary }, 'service order completed');
      });
    },

    async markOverdue({ orderNumber, what, deadline }) {
      await inTransaction(async (em) => {
        const marked = await db(em).updateTable('service_order').set({ overdue: true, updated_at: sql`now()` })
          .where('order_number', '=', orderNumber).where('overdue', '=', false).returning('id').executeTakeFirst();
        if (!marked) return;
        await audit(em, { userId: null, userName: 'system', action: 'service_order.sla_missed', entity: 'service_order', entityId: orderNumber, after: { what, deadline } });
        await addOutboxMessage(em, 'bullmq', 'notify_dispatchers', { orderNumber, what, deadline, key: `sla:${orderNumber}:${what}` });
      });
    },

    async sendAppointmentReminder({ orderNumber, scheduledFor }) {
      await inTransaction(async (em) => {
        const order = await db(em).selectFrom('service_order').select(['account_id', 'window_minutes'])
          .where('order_number', '=', orderNumber).executeTakeFirst();
        if (!order) return;
        await enqueueNotification(em, {
          accountId: order.account_id, event: 'appointment_reminder', idempotencyKey: `appointment_reminder:${orderNumber}:${scheduledFor}`,
          payload: { orderNumber, scheduledFor, windowMinutes: order.window_minutes },
        });
      });
    },

    async closeWorkflow({ orderNumber }) {
      await db(orm.em.fork()).updateTable('service_order').set({ workflow_state: 'closed', updated_at: sql`now()` })
        .where('order_number', '=', orderNumber).execute();
    },
  } satisfies ServiceOrderActivities;
}
