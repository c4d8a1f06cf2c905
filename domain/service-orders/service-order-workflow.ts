/**
 * The service-order workflow as the domain sees it: its input, moves and state (pure
 * types), and the port through which the domain starts and moves it (Temporal in infra/).
 */
import type { Actor } from '../common/actor.js';
import type { ServiceOrderPriority, ServiceOrderStatus, ServiceOrderType } from '../common/enums.js';
import type { ServiceOrderAction } from './service-order-transitions.js';

export const workflowIdFor = (orderNumber: string) => `service-order-${orderNumber}`;

/** Failure type of a refused move; its details carry `{currentStatus, reason}`. */
export const ILLEGAL_TRANSITION = 'IllegalTransition';
/** Failure type of a move whose arguments don't fit the order (e.g. a meter-reading order completed without a reading). */
export const INVALID_MOVE = 'InvalidMove';
/** Failure type of a move whose activity kept failing (bounded retries spent): nothing changed, the dispatchers are alerted. */
export const MOVE_NOT_RECORDED = 'MoveNotRecorded';

export interface ServiceOrderInput {
  orderNumber: string;
  type: ServiceOrderType;
  priority: ServiceOrderPriority;
  /** Where the order stands when the workflow starts (created, or later for orders recorded before). */
  status: ServiceOrderStatus;
  /** How many transitions are already recorded; the workflow numbers its moves after them. */
  recordedTransitions: number;
  technicianId: number | null;
  scheduledFor: string | null;
  windowMinutes: number | null;
  createdAt: string;
  assignWithinSeconds: number;
  completeWithinSeconds: number;
  reminderLeadSeconds: number;
  overdue: boolean;
  /**
   * The SLA deadlines stored with the order (computed at creation on its clock: business time or
   * wall clock). Absent in workflows started before they were stored: those count
   * `assignWithinSeconds` / `completeWithinSeconds` from `createdAt`, as they always did.
   */
  assignDueAt?: string | null;
  completeDueAt?: string | null;
}

/** A new meter fitted by an installation or repair order (docs/rules.md#meter-exchange); `exchangedOn` is the utility's local day. */
export interface ExchangeReport {
  newMeterNumber: string;
  newMeterInitialReading: number;
  /** The old meter's final reading; required when the account has a meter to replace. */
  oldMeterFinalReading?: number;
  exchangedOn: string;
}

/** What the completing technician reports beyond "done" (docs/rules.md#service-orders). */
export interface CompletionReport {
  reading: { value: number; readAt: string } | null;
  resolution: { verifyFlaggedReading?: boolean; closeFraudFlags?: boolean; meterStatus?: 'active' | 'inactive' | 'maintenance' } | null;
  /** Only on installation and repair orders; absent from completions recorded before exchanges existed. */
  exchange?: ExchangeReport;
}

export interface AssignArgs { actor: Actor; technicianId: number; note?: string }
export interface ScheduleArgs { actor: Actor; scheduledFor: string; windowMinutes: number; note?: string }
export interface StartArgs { actor: Actor; note?: string }
export interface CompleteArgs {
  actor: Actor;
  note?: string;
  reading?: NonNullable<CompletionReport['reading']>;
  resolution?: NonNullable<CompletionReport['resolution']>;
  exchange?: ExchangeReport;
}
export interface CancelArgs {
  actor: Actor;
  reason: string;
  /**
   * Cancel only while the order still stands so, as the workflow sees it when the cancel runs: the portal's
   * customer may cancel only a `created` order, and a dispatcher's assignment a moment before wins.
   */
  onlyWhile?: ServiceOrderStatus;
}

/** The arguments of each move, by action. */
export interface MoveArgs { assign: AssignArgs; schedule: ScheduleArgs; start: StartArgs; complete: CompleteArgs; cancel: CancelArgs }

export interface OrderState {
  status: ServiceOrderStatus;
  technicianId: number | null;
  scheduledFor: string | null;
  windowMinutes: number | null;
  overdue: boolean;
  transitions: number;
  /** Visits already handled by the reminder loop: reminded, or already past when seen. */
  remindedVisits: string[];
}

/**
 * The port to the running workflows. `move` answers the state after the move, or throws
 * the domain's errors (Conflict for a refused move, Invalid, ServiceUnavailable).
 */
export interface ServiceOrderWorkflows {
  /** Starts the order's workflow for this deployment; one already running for another deployment is refused. */
  start(input: ServiceOrderInput, deploymentId: string): Promise<'started' | 'already running'>;
  move<A extends ServiceOrderAction>(orderNumber: string, action: A, args: MoveArgs[A]): Promise<OrderState>;
  /** The running workflow's state, or null when no workflow of that order is running. */
  state(orderNumber: string): Promise<OrderState | null>;
}

/** One accepted move, as the workflow hands it to its activity for Postgres. */
export interface TransitionRecord {
  orderNumber: string;
  sequence: number;
  from: ServiceOrderStatus;
  to: ServiceOrderStatus;
  action: string;
  at: string;
  actor: Actor;
  note: string | null;
  cancelReason?: string | null;
  snapshot: Pick<OrderState, 'status' | 'technicianId' | 'scheduledFor' | 'windowMinutes'>;
}

export interface CompletionRecord extends Omit<TransitionRecord, 'action' | 'snapshot'>, CompletionReport {}

/** The activities the workflow calls; each is one idempotent Postgres transaction. */
export interface ServiceOrderActivities {
  recordTransition(record: TransitionRecord): Promise<void>;
  completeOrder(record: CompletionRecord): Promise<void>;
  markOverdue(args: { orderNumber: string; what: string; deadline: string }): Promise<void>;
  sendAppointmentReminder(args: { orderNumber: string; scheduledFor: string }): Promise<void>;
  closeWorkflow(args: { orderNumber: string }): Promise<void>;
  /** A move could not be recorded after its bounded retries: logged, and flagged on the order for the dispatchers. */
  alertMoveNotRecorded(args: { orderNumber: string; action: string; reason: string }): Promise<void>;
}
