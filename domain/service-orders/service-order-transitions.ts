/**
 * Service-order lifecycle (docs/rules.md#service-orders) as a pure state machine: created → assigned → scheduled →
 * in_progress → completed, cancelled before completed; reassign and reschedule until work starts.
 */
import type { ServiceOrderStatus } from '../common/enums.js';

export const SERVICE_ORDER_ACTIONS = ['assign', 'schedule', 'start', 'complete', 'cancel'] as const;
export type ServiceOrderAction = (typeof SERVICE_ORDER_ACTIONS)[number];

/** What the move is called in history and messages ("reassign" is an assign on an assigned order). */
export type MoveName = ServiceOrderAction | 'reassign' | 'reschedule';

export type TransitionResult =
  | { ok: true; from: ServiceOrderStatus; to: ServiceOrderStatus; move: MoveName }
  | { ok: false; from: ServiceOrderStatus; reason: string };

const STATUS_WORDS: Record<ServiceOrderStatus, string> = {
  created: 'created', assigned: 'assigned', scheduled: 'scheduled',
  in_progress: 'in progress', completed: 'completed', cancelled: 'cancelled',
};

/** The happy path, in order; the index tells how far along an order is. */
const PATH: ServiceOrderStatus[] = ['created', 'assigned', 'scheduled', 'in_progress', 'completed'];
/** The step each action takes an order to, and the status it needs before it. */
const STEP: Record<Exclude<ServiceOrderAction, 'cancel'>, { needs: ServiceOrderStatus; to: ServiceOrderStatus }> = {
  assign: { needs: 'created', to: 'assigned' },
  schedule: { needs: 'assigned', to: 'scheduled' },
  start: { needs: 'scheduled', to: 'in_progress' },
  complete: { needs: 'in_progress', to: 'completed' },
};
const STEP_VERB: Record<ServiceOrderStatus, string> = {
  created: '', assigned: 'assign', scheduled: 'schedule', in_progress: 'start', completed: 'complete', cancelled: 'cancel',
};

export function isTerminal(status: ServiceOrderStatus): boolean {
  return status === 'completed' || status === 'cancelled';
}

/** "assign, schedule and start": the steps from `from` up to and including `to`. */
function stepsBetween(from: ServiceOrderStatus, to: ServiceOrderStatus): string {
  const verbs = PATH.slice(PATH.indexOf(from) + 1, PATH.indexOf(to) + 1).map((s) => STEP_VERB[s]);
  return verbs.length <= 1 ? verbs.join('') : `${verbs.slice(0, -1).join(', ')} and ${verbs.at(-1)}`;
}

/**
 * The workflow asks this before every move and turns a refusal into a 409.
 * Reassigning keeps a scheduled order scheduled: the appointment stands, only the
 * technician changes. Cancelling an in-progress order is allowed (docs/rules.md: "every state
 * before completed"), e.g. when the technician finds nobody home.
 */
export function transition(from: ServiceOrderStatus, action: ServiceOrderAction): TransitionResult {
  const word = STATUS_WORDS[from];
  if (isTerminal(from)) {
    return { ok: false, from, reason: `Cannot ${action} an order that is ${word}; a ${word} order cannot change` };
  }
  if (action === 'cancel') return { ok: true, from, to: 'cancelled', move: 'cancel' };
  if (action === 'assign' && (from === 'assigned' || from === 'scheduled')) return { ok: true, from, to: from, move: 'reassign' };
  if (action === 'schedule' && from === 'scheduled') return { ok: true, from, to: 'scheduled', move: 'reschedule' };
  const step = STEP[action];
  if (from === step.needs) return { ok: true, from, to: step.to, move: action };
  if (PATH.indexOf(from) < PATH.indexOf(step.needs)) {
    return { ok: false, from, reason: `Cannot ${action} an order that is ${word}; ${stepsBetween(from, step.needs)} it first` };
  }
  const redo = action === 'assign' ? 'reassign' : action === 'schedule' ? 'reschedule' : action;
  return { ok: false, from, reason: `Cannot ${redo} an order that is ${word}; work has already started` };
}

/** The actions the board offers for an order in `status`. */
export function allowedActions(status: ServiceOrderStatus): ServiceOrderAction[] {
  return SERVICE_ORDER_ACTIONS.filter((a) => transition(status, a).ok);
}
