/**
 * The service-order activities, built from their dependencies. Each runs in one
 * transaction and is idempotent: a retry after a crash finds its work done and stops.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'kysely';
import type { Logger } from '../../infra/logger.js';
import type { Orm } from '../../infra/database/orm.js';
import { audit } from '../../domain/audit/audit.js';
import { db } from '../../domain/common/database.js';
import { isDataRefusal } from '../../domain/common/database-refusal.js';
import { attemptClock } from './attempt-clock.js';
import { DomainError, Invalid } from '../../domain/common/errors.js';
import { enqueueNotification } from '../../domain/notifications/notifications.js';
import { applyCompletionEffect, auditEffect, type OrderForEffect } from '../../domain/service-orders/order-effects.js';
import { addOutboxMessage } from '../../domain/notifications/outbox.js';
import {
  ILLEGAL_TRANSITION, INVALID_MOVE, type ServiceOrderActivities, type TransitionRecord,
} from '../../domain/service-orders/service-order-workflow.js';

/** The order, locked for the rest of the transaction so concurrent activities of one order queue up. */
async function lockOrder(em: EntityManager, orderNumber: string) {
  const order = await db(em).selectFrom('service_order')
    .select(['id', 'order_number', 'type', 'permanent', 'account_id', 'target_account_id', 'source_reading_id', 'effect_applied_at'])
    .where('order_number', '=', orderNumber).forUpdate().executeTakeFirst();
  if (!order) throw new Error(`Service order ${orderNumber} is not in the database`);
  return order;
}

type LockedOrder = Awaited<ReturnType<typeof lockOrder>>;

const SLA_MISSED = 'service_order.sla_missed';

/** Whether this deadline's miss (`what`) of the order is recorded already: its audit row. */
async function slaMissRecorded(em: EntityManager, orderNumber: string, what: string): Promise<boolean> {
  const row = await db(em).selectFrom('audit_log').select('id')
    .where('entity', '=', 'service_order').where('entity_id', '=', orderNumber).where('action', '=', SLA_MISSED)
    .where(sql<string>`after->>'what'`, '=', what).executeTakeFirst();
  return row !== undefined;
}

/** Inserts the transition once: (order, sequence) is unique, so a retried activity finds it there. */
async function insertTransition(em: EntityManager, order: Pick<LockedOrder, 'id' | 'account_id'>, record: Omit<TransitionRecord, 'snapshot'>): Promise<boolean> {
  const inserted = await db(em).insertInto('service_order_transition').values({
    order_id: order.id, account_id: order.account_id, sequence: record.sequence, from_status: record.from, to_status: record.to, action: record.action,
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
      workflow_state: 'running', attention: null, updated_at: sql`now()`,
    }))
    .where('id', '=', order.id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('service_order_transition as t').select(eb.lit(1).as('one'))
      .where('t.order_id', '=', order.id).where('t.sequence', '>', record.sequence))))
    .execute();
}


/**
 * A business refusal (a domain error, or data Postgres refuses) fails the move for good
 * (ApplicationFailure, non-retryable) and reaches the caller as 409/422; anything else
 * (Postgres down, a deadlock) is thrown as is, for the workflow's bounded retries.
 */
function asMoveFailure(error: unknown): unknown {
  if (error instanceof DomainError) {
    const type = error.status === 409 ? ILLEGAL_TRANSITION : INVALID_MOVE;
    const fields = error instanceof Invalid ? error.fields : {};
    return ApplicationFailure.create({ type, message: error.message, nonRetryable: true, details: [{ ...error.details, fields }] });
  }
  if (isDataRefusal(error)) {
    return ApplicationFailure.create({ type: INVALID_MOVE, message: 'The move carries a value the database refuses.', nonRetryable: true, details: [{ fields: {} }] });
  }
  return error;
}

/** Test-only fault injection: called inside a move's transaction before it commits; throwing rolls it back. */
export interface ActivityFaults {
  beforeCommit?(activity: 'recordTransition' | 'completeOrder', orderNumber: string): void | Promise<void>;
}

function toOrderForEffect(order: LockedOrder): OrderForEffect {
  return {
    id: order.id, orderNumber: order.order_number, type: order.type, permanent: order.permanent, accountId: order.account_id,
    targetAccountId: order.target_account_id, sourceReadingId: order.source_reading_id,
  };
}

export function createServiceOrderActivities({ orm, log, faults }: { orm: Orm; log: Logger; faults?: ActivityFaults }) {
  const inTransaction = <T>(work: (em: EntityManager) => Promise<T>) => orm.em.fork().transactional(work);
  /** A move's transaction: business refusals are final, the test hook runs last, and an attempt past its time rolls back (attempt-clock.ts). */
  const moveTransaction = async (activity: 'recordTransition' | 'completeOrder', orderNumber: string, work: (em: EntityManager) => Promise<void>) => {
    const late = attemptClock();
    try {
      await inTransaction(async (em) => {
        await work(em);
        await faults?.beforeCommit?.(activity, orderNumber);
        if (late()) throw new Error(`the ${activity} attempt for ${orderNumber} ran past its time; rolled back, as the workflow no longer counts on it`);
      });
    } catch (error) {
      throw asMoveFailure(error);
    }
  };

  return {
    async recordTransition(record) {
      await moveTransaction('recordTransition', record.orderNumber, async (em) => {
        const order = await lockOrder(em, record.orderNumber);
        if (!(await insertTransition(em, order, record))) return;
        await updateReadModel(em, order, record);
        await audit(em, {
          userId: record.actor.userId, userName: record.actor.name, action: `service_order.${record.action}`,
          entity: 'service_order', entityId: record.orderNumber, before: { status: record.from }, after: { ...record.snapshot, note: record.note },
        });
        if (record.action === 'schedule' || record.action === 'reschedule') {
          await enqueueNotification(em, {
            accountId: order.account_id, event: 'technician_scheduled',
            // One notice per schedule move (its sequence, the same on a retry): a visit moved back to an earlier
            // time, or given another window, is news to the consumer although the time was seen before.
            idempotencyKey: `technician_scheduled:${record.orderNumber}:${record.sequence}`,
            payload: { orderNumber: record.orderNumber, scheduledFor: record.snapshot.scheduledFor, windowMinutes: record.snapshot.windowMinutes },
            requestId: record.actor.requestId,
          });
        }
        log.info({ orderNumber: record.orderNumber, action: record.action, activity: 'recordTransition', requestId: record.actor.requestId }, 'service order move recorded');
      });
    },

    async completeOrder(record) {
      await moveTransaction('completeOrder', record.orderNumber, async (em) => {
        const order = await lockOrder(em, record.orderNumber);
        await insertTransition(em, order, { ...record, action: 'complete' });
        if (order.effect_applied_at) return; // applied by an earlier try of this activity
        const summary = await applyCompletionEffect(em, toOrderForEffect(order), record, record.actor);
        await db(em).updateTable('service_order').set({
          status: 'completed', completed_at: new Date(record.at), completion_note: record.note, effect_applied_at: sql`now()`,
          workflow_state: 'running', attention: null, updated_at: sql`now()`,
        }).where('id', '=', order.id).execute();
        await auditEffect(em, toOrderForEffect(order), summary, record.actor);
        for (const event of ['order_completed', 'satisfaction_survey'] as const) {
          await enqueueNotification(em, {
            accountId: order.account_id, event, idempotencyKey: `${event}:${record.orderNumber}`,
            payload: { orderNumber: record.orderNumber, type: order.type, summary }, requestId: record.actor.requestId,
          });
        }
        log.info({ orderNumber: record.orderNumber, summary, activity: 'completeOrder', requestId: record.actor.requestId }, 'service order completed');
      });
    },

    /**
     * Each missed deadline (assignment, completion) is recorded and alerted once: an order already overdue for
     * its assignment still alerts when it misses its completion. Its audit row is the record a retry finds.
     */
    async markOverdue({ orderNumber, what, deadline }) {
      await inTransaction(async (em) => {
        const order = await db(em).selectFrom('service_order').select(['id', 'overdue'])
          .where('order_number', '=', orderNumber).forUpdate().executeTakeFirst();
        if (!order || (await slaMissRecorded(em, orderNumber, what))) return;
        if (!order.overdue) await db(em).updateTable('service_order').set({ overdue: true, updated_at: sql`now()` }).where('id', '=', order.id).execute();
        await audit(em, { userId: null, userName: 'system', action: SLA_MISSED, entity: 'service_order', entityId: orderNumber, after: { what, deadline } });
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

    async alertMoveNotRecorded({ orderNumber, action, reason }) {
      log.error({ orderNumber, action, reason }, 'service-order move not recorded after its retries; the order is unchanged');
      await inTransaction(async (em) => {
        const attention = `The ${action} could not be recorded (${reason.slice(0, 300)}); the order is unchanged.`;
        await db(em).updateTable('service_order').set({ attention, updated_at: sql`now()` }).where('order_number', '=', orderNumber).execute();
        await audit(em, {
          userId: null, userName: 'system', action: 'service_order.move_not_recorded', entity: 'service_order', entityId: orderNumber,
          after: { action, reason },
        });
      });
    },

    async closeWorkflow({ orderNumber }) {
      await db(orm.em.fork()).updateTable('service_order').set({ workflow_state: 'closed', updated_at: sql`now()` })
        .where('order_number', '=', orderNumber).execute();
    },
  } satisfies ServiceOrderActivities;
}
