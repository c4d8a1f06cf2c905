/**
 * One service order's lifecycle (docs/rules.md#service-orders) as a deterministic Temporal workflow: moves are
 * updates checked by the pure transition rule, recorded by idempotent activities; timers watch SLAs and remind.
 */
import {
  ApplicationFailure, allHandlersFinished, condition, proxyLocalActivities, setHandler,
} from '@temporalio/workflow';
import type { ServiceOrderStatus } from '../domain/common/enums.js';
import { isTerminal, transition, type ServiceOrderAction } from '../domain/service-orders/service-order-transitions.js';
import type { Actor } from '../domain/common/actor.js';
import {
  ILLEGAL_TRANSITION, INVALID_MOVE,
  type AssignArgs, type OrderState, type ServiceOrderActivities, type ServiceOrderInput, type StartArgs,
} from '../domain/service-orders/service-order-workflow.js';
import { assignUpdate, cancelUpdate, completeUpdate, scheduleUpdate, startUpdate, stateQuery } from './service-order.contract.js';

/**
 * Local activities: each is one short Postgres transaction, so running it inside the
 * workflow task (no round trip through the server's activity queue) cuts a move's
 * latency several times. A crash before the task completes runs it again on replay,
 * which the activities' idempotency makes harmless.
 */
const acts = proxyLocalActivities<ServiceOrderActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

function refuseUnless(state: OrderState, action: ServiceOrderAction): ServiceOrderStatus {
  const result = transition(state.status, action);
  if (!result.ok) {
    throw ApplicationFailure.create({
      type: ILLEGAL_TRANSITION, message: result.reason, nonRetryable: true,
      details: [{ currentStatus: state.status, reason: result.reason }],
    });
  }
  return result.to;
}

function invalid(message: string): never {
  throw ApplicationFailure.create({ type: INVALID_MOVE, message, nonRetryable: true });
}

/**
 * Each move's validator asks the transition rule, so an illegal move is refused before it
 * enters history; the handler changes the state at once (so the next validator sees it),
 * then records the move in Postgres.
 */
export async function serviceOrderWorkflow(input: ServiceOrderInput): Promise<OrderState> {
  const state: OrderState = {
    status: input.status, technicianId: input.technicianId, scheduledFor: input.scheduledFor, windowMinutes: input.windowMinutes,
    overdue: input.overdue, transitions: input.recordedTransitions, remindedVisits: [],
  };
  const base = { orderNumber: input.orderNumber };

  /**
   * Changes the state now (so the next validator sees it) and returns the move with a
   * snapshot of the order after it: activities may finish out of order, and the read
   * model keeps the snapshot of the highest sequence.
   */
  const move = (to: ServiceOrderStatus, changes: Partial<OrderState> = {}) => {
    const from = state.status;
    Object.assign(state, changes, { status: to, transitions: state.transitions + 1 });
    const snapshot = { status: to, technicianId: state.technicianId, scheduledFor: state.scheduledFor, windowMinutes: state.windowMinutes };
    return { from, to, sequence: state.transitions, at: new Date().toISOString(), snapshot };
  };
  const record = (step: ReturnType<typeof move>, action: string, actor: Actor, note: string | undefined, cancelReason: string | null = null) =>
    acts.recordTransition({ ...base, ...step, action, actor, note: note ?? null, cancelReason });

  setHandler(stateQuery, () => state);

  setHandler(assignUpdate, async ({ actor, technicianId, note }) => {
    const step = move(refuseUnless(state, 'assign'), { technicianId });
    await record(step, step.from === 'created' ? 'assign' : 'reassign', actor, note);
    return state;
  }, { validator: (_args: AssignArgs) => void refuseUnless(state, 'assign') });

  setHandler(scheduleUpdate, async ({ actor, scheduledFor, windowMinutes, note }) => {
    const step = move(refuseUnless(state, 'schedule'), { scheduledFor, windowMinutes });
    await record(step, step.from === 'scheduled' ? 'reschedule' : 'schedule', actor, note);
    return state;
  }, {
    validator: ({ scheduledFor }) => {
      refuseUnless(state, 'schedule');
      if (Number.isNaN(Date.parse(scheduledFor))) invalid('scheduledFor must be a date and time');
    },
  });

  setHandler(startUpdate, async ({ actor, note }) => {
    await record(move(refuseUnless(state, 'start')), 'start', actor, note);
    return state;
  }, { validator: (_args: StartArgs) => void refuseUnless(state, 'start') });

  setHandler(completeUpdate, async ({ actor, note, reading, resolution }) => {
    const step = move(refuseUnless(state, 'complete'));
    await acts.completeOrder({ ...base, ...step, actor, note: note ?? null, reading: reading ?? null, resolution: resolution ?? null });
    return state;
  }, {
    validator: ({ reading }) => {
      refuseUnless(state, 'complete');
      if (input.type === 'meter_reading' && !reading) invalid('A meter-reading order is completed with the reading taken.');
    },
  });

  setHandler(cancelUpdate, async ({ actor, reason }) => {
    await record(move(refuseUnless(state, 'cancel')), 'cancel', actor, reason, reason);
    return state;
  }, {
    validator: ({ reason }) => {
      refuseUnless(state, 'cancel');
      if (!reason?.trim()) invalid('A cancellation needs a reason.');
    },
  });

  const created = Date.parse(input.createdAt);
  const reached = (statuses: ServiceOrderStatus[]) => () => statuses.includes(state.status) || isTerminal(state.status);
  await Promise.all([
    watchSla(state, base.orderNumber, 'assignment', created + input.assignWithinSeconds * 1000, reached(['assigned', 'scheduled', 'in_progress'])),
    watchSla(state, base.orderNumber, 'completion', created + input.completeWithinSeconds * 1000, reached([])),
    remindBeforeVisits(state, base.orderNumber, input.reminderLeadSeconds),
    condition(() => isTerminal(state.status)),
  ]);
  await condition(allHandlersFinished);
  await acts.closeWorkflow(base);
  return state;
}

/** Marks the order overdue (and alerts dispatchers) when `done` is not true by the deadline. */
async function watchSla(state: OrderState, orderNumber: string, what: 'assignment' | 'completion', deadline: number, done: () => boolean) {
  const inTime = await condition(done, Math.max(0, deadline - Date.now()));
  if (inTime || isTerminal(state.status)) return;
  state.overdue = true;
  await acts.markOverdue({ orderNumber, what, deadline: new Date(deadline).toISOString() });
}

/**
 * One reminder per appointment: waits until the lead time before the visit; a
 * reschedule restarts the wait for the new time, a cancel or start drops it.
 */
async function remindBeforeVisits(state: OrderState, orderNumber: string, leadSeconds: number) {
  while (!isTerminal(state.status)) {
    const visit = state.scheduledFor;
    if (state.status !== 'scheduled' || !visit || state.remindedVisits.includes(visit)) {
      await condition(() => isTerminal(state.status) || (state.status === 'scheduled' && state.scheduledFor !== null && !state.remindedVisits.includes(state.scheduledFor)));
      continue;
    }
    if (Date.parse(visit) <= Date.now()) {
      state.remindedVisits.push(visit); // a visit already past (an order loaded late) gets no reminder
      continue;
    }
    const wait = Math.max(0, Date.parse(visit) - leadSeconds * 1000 - Date.now());
    const changed = await condition(() => state.status !== 'scheduled' || state.scheduledFor !== visit, wait);
    if (changed) continue;
    state.remindedVisits.push(visit);
    await acts.sendAppointmentReminder({ orderNumber, scheduledFor: visit });
  }
}
