/**
 * One service order's lifecycle (docs/rules.md#service-orders) as a deterministic Temporal workflow: moves are
 * updates checked by pure rules, recorded by idempotent activities, then applied; timers watch SLAs and remind.
 */
import {
  ActivityFailure, ApplicationFailure, allHandlersFinished, condition, log, patched, proxyLocalActivities, setHandler,
} from '@temporalio/workflow';
import type { ServiceOrderStatus } from '../domain/common/enums.js';
import { isTerminal, transition, type ServiceOrderAction } from '../domain/service-orders/service-order-transitions.js';
import type { Actor } from '../domain/common/actor.js';
import {
  ILLEGAL_TRANSITION, INVALID_MOVE, MOVE_NOT_RECORDED,
  type MoveArgs, type OrderState, type ServiceOrderActivities, type ServiceOrderInput, type TransitionRecord,
} from '../domain/service-orders/service-order-workflow.js';
import { moveArgumentProblems } from '../domain/service-orders/move-arguments.js';
import { assignUpdate, cancelUpdate, completeUpdate, scheduleUpdate, startUpdate, stateQuery } from './service-order.contract.js';

/**
 * Local activities: each is one short Postgres transaction, so running it inside the
 * workflow task (no round trip through the server's activity queue) cuts a move's
 * latency several times. A crash before the task completes runs it again on replay,
 * which the activities' idempotency makes harmless.
 *
 * A move's activity is tried a bounded number of times (about 3 s in all when Postgres
 * refuses fast): the dispatcher is waiting for the answer, and a move that cannot be
 * recorded is refused and alerted rather than retried forever
 * (docs/rules.md#service-orders). The background ones (SLA, reminder, closing) keep
 * retrying until Postgres is back: nobody waits on them and they must happen.
 */
const moves = proxyLocalActivities<ServiceOrderActivities>({
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '4 seconds', maximumAttempts: 3 },
});
const acts = proxyLocalActivities<ServiceOrderActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Orders whose moves change the state only once recorded; earlier histories keep the old order of commands. */
const STATE_AFTER_RECORD = 'state-after-record';

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

/** A cancel that asked to happen only while the order still stood so (CancelArgs.onlyWhile) is refused once it has moved on. */
function refuseUnlessStill(state: OrderState, action: ServiceOrderAction, args: unknown) {
  const onlyWhile = action === 'cancel' ? (args as MoveArgs['cancel']).onlyWhile : undefined;
  if (onlyWhile === undefined || state.status === onlyWhile) return;
  const reason = `The order is already ${state.status.replaceAll('_', ' ')}.`;
  throw ApplicationFailure.create({ type: ILLEGAL_TRANSITION, message: reason, nonRetryable: true, details: [{ currentStatus: state.status, reason }] });
}

const MESSAGES: Record<string, string> = {
  reading: 'A meter-reading order is completed with the reading taken.',
  exchange: 'A new meter is fitted only by an installation or repair order.',
  reason: 'A cancellation needs a reason.',
};

/** Refuses arguments the activity could not record (move-arguments.ts), naming each field. */
function refuseBadArguments<A extends ServiceOrderAction>(action: A, args: MoveArgs[A], input: ServiceOrderInput) {
  const fields = moveArgumentProblems(action, args, input.type);
  const names = Object.keys(fields);
  if (!names.length) return;
  const message = MESSAGES[names[0]] ?? `Please correct ${names.map((name) => `${name} (${fields[name]})`).join(', ')}.`;
  throw ApplicationFailure.create({ type: INVALID_MOVE, message, nonRetryable: true, details: [{ fields }] });
}

/** Runs moves one at a time, in the order they were accepted, so each one starts from the recorded state. */
function serialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** A move as the workflow plans it: the record for its activity, and the fields it changes once recorded. */
interface PlannedMove {
  record: Pick<TransitionRecord, 'from' | 'to' | 'sequence' | 'at' | 'snapshot'>;
  changes: Partial<OrderState>;
}

function plan(state: OrderState, to: ServiceOrderStatus, changes: Partial<OrderState>): PlannedMove {
  const after = { ...state, ...changes, status: to, transitions: state.transitions + 1 };
  const snapshot = { status: to, technicianId: after.technicianId, scheduledFor: after.scheduledFor, windowMinutes: after.windowMinutes };
  return {
    record: { from: state.status, to, sequence: after.transitions, at: new Date().toISOString(), snapshot },
    changes: { ...changes, status: to, transitions: after.transitions },
  };
}

/** The current values of the fields a move changes, to put back if it is not recorded. */
const valuesOf = (state: OrderState, changes: Partial<OrderState>): Partial<OrderState> =>
  Object.fromEntries(Object.keys(changes).map((key) => [key, state[key as keyof OrderState]]));

/**
 * Why a move's activity failed, as the update's failure: a business refusal keeps its
 * type (409/422 for the caller); anything else, once the bounded retries are spent,
 * raises the dispatchers' alert and answers "not recorded" (503: nothing changed).
 */
async function notRecorded(orderNumber: string, action: ServiceOrderAction, error: unknown): Promise<ApplicationFailure> {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && (cause.type === INVALID_MOVE || cause.type === ILLEGAL_TRANSITION)) {
    return ApplicationFailure.create({ type: cause.type, message: cause.message, details: cause.details as unknown[], nonRetryable: true });
  }
  const reason = cause instanceof Error ? cause.message : String(cause);
  try {
    await moves.alertMoveNotRecorded({ orderNumber, action, reason });
  } catch (alertError) {
    log.error('service-order move not recorded, and its alert could not be stored', { orderNumber, action, reason, alertError: String(alertError) });
  }
  return ApplicationFailure.create({
    type: MOVE_NOT_RECORDED, nonRetryable: true,
    message: `The ${action} could not be recorded (${reason}); the order is unchanged, try again.`,
  });
}

/**
 * Each move's validator asks the transition rule and the argument checks, so a move the
 * activity would refuse never enters history. The handler records the move (one at a
 * time) and changes the state only once the activity has succeeded: a failed activity
 * leaves Temporal and Postgres agreeing, and the order free to move again.
 */
export async function serviceOrderWorkflow(input: ServiceOrderInput): Promise<OrderState> {
  const state: OrderState = {
    status: input.status, technicianId: input.technicianId, scheduledFor: input.scheduledFor, windowMinutes: input.windowMinutes,
    overdue: input.overdue, transitions: input.recordedTransitions, remindedVisits: [],
  };
  const base = { orderNumber: input.orderNumber };
  const serially = serialQueue();
  type Write = (record: PlannedMove['record']) => Promise<void>;

  const recordedMove = <A extends ServiceOrderAction>(action: A, args: MoveArgs[A], changes: Partial<OrderState>, write: Write) =>
    serially(async () => {
      const planned = plan(state, refuseUnless(state, action), changes); // the state may have moved while this waited
      refuseUnlessStill(state, action, args);
      refuseBadArguments(action, args, input);
      try {
        await write(planned.record);
      } catch (error) {
        throw await notRecorded(base.orderNumber, action, error);
      }
      Object.assign(state, planned.changes);
      return state;
    });

  /** Histories from before STATE_AFTER_RECORD changed the state first; a failure now puts it back. */
  const legacyMove = async <A extends ServiceOrderAction>(action: A, changes: Partial<OrderState>, write: Write) => {
    const planned = plan(state, refuseUnless(state, action), changes);
    const before = valuesOf(state, planned.changes);
    Object.assign(state, planned.changes);
    try {
      await write(planned.record);
    } catch (error) {
      Object.assign(state, before);
      throw await notRecorded(base.orderNumber, action, error);
    }
    return state;
  };

  const perform = <A extends ServiceOrderAction>(action: A, args: MoveArgs[A], changes: Partial<OrderState>, write: Write) =>
    patched(STATE_AFTER_RECORD) ? recordedMove(action, args, changes, write) : legacyMove(action, changes, write);

  const record = (move: PlannedMove['record'], action: string, actor: Actor, note: string | undefined, cancelReason: string | null = null) =>
    moves.recordTransition({ ...base, ...move, action, actor, note: note ?? null, cancelReason });
  const validator = <A extends ServiceOrderAction>(action: A) => (args: MoveArgs[A]) => {
    refuseUnless(state, action);
    refuseUnlessStill(state, action, args);
    refuseBadArguments(action, args, input);
  };

  setHandler(stateQuery, () => state);

  setHandler(assignUpdate, (args) => perform('assign', args, { technicianId: args.technicianId },
    (move) => record(move, move.from === 'created' ? 'assign' : 'reassign', args.actor, args.note)), { validator: validator('assign') });

  setHandler(scheduleUpdate, (args) => perform('schedule', args, { scheduledFor: args.scheduledFor, windowMinutes: args.windowMinutes },
    (move) => record(move, move.from === 'scheduled' ? 'reschedule' : 'schedule', args.actor, args.note)), { validator: validator('schedule') });

  setHandler(startUpdate, (args) => perform('start', args, {}, (move) => record(move, 'start', args.actor, args.note)), { validator: validator('start') });

  setHandler(completeUpdate, (args) => perform('complete', args, {}, (move) => moves.completeOrder({
    ...base, ...move, actor: args.actor, note: args.note ?? null, reading: args.reading ?? null, resolution: args.resolution ?? null,
    // Only when given: a completion without an exchange hands its activity exactly what it did before, so histories replay.
    ...(args.exchange && { exchange: args.exchange }),
  })), { validator: validator('complete') });

  setHandler(cancelUpdate, (args) => perform('cancel', args, {}, (move) => record(move, 'cancel', args.actor, args.reason, args.reason)),
    { validator: validator('cancel') });

  const reached = (statuses: ServiceOrderStatus[]) => () => statuses.includes(state.status) || isTerminal(state.status);
  const { assignBy, completeBy } = slaDeadlinesOf(input);
  await Promise.all([
    watchSla(state, base.orderNumber, 'assignment', assignBy, reached(['assigned', 'scheduled', 'in_progress'])),
    watchSla(state, base.orderNumber, 'completion', completeBy, reached([])),
    remindBeforeVisits(state, base.orderNumber, input.reminderLeadSeconds),
    condition(() => isTerminal(state.status)),
  ]);
  await condition(allHandlersFinished);
  await acts.closeWorkflow(base);
  return state;
}

/**
 * The SLA deadlines in epoch ms. They come computed in the input (business time needs the holiday
 * calendar and the utility's zone, so it is worked out outside the workflow, once, at creation);
 * an input from before they were stored counts from creation as such workflows always did, so
 * both kinds of history replay unchanged. The choice depends on the input only, never on
 * when the code runs, so it needs no `patched()` marker.
 */
function slaDeadlinesOf(input: ServiceOrderInput): { assignBy: number; completeBy: number } {
  const created = Date.parse(input.createdAt);
  return {
    assignBy: input.assignDueAt ? Date.parse(input.assignDueAt) : created + input.assignWithinSeconds * 1000,
    completeBy: input.completeDueAt ? Date.parse(input.completeDueAt) : created + input.completeWithinSeconds * 1000,
  };
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
