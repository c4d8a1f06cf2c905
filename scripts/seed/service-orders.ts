/**
 * Service orders and their transition history (docs/rules.md#service-orders). An order is described by its
 * type, final status and the moment of its last move; its path created → assigned →
 * scheduled → in_progress → completed (or cancelled on the way), with the odd reassign
 * or reschedule, is laid out backwards from there, so open orders end just before the
 * as-of date and history orders wherever their story puts them.
 *
 * Workflow state: completed and cancelled orders are `closed`. Open ones are
 * `waiting_to_start`: no Temporal workflow exists for them yet, and the service-order
 * feature starts one per such order (the same path as an order saved while Temporal
 * was down), which then owns its SLA timers — so `sla_due_at` is left for it to set.
 */
import type { ServiceOrderPriority, ServiceOrderStatus, ServiceOrderType } from '../../domain/common/enums.js';
import type { Person, SeedContext, TechnicianRef } from './context.js';
import { isoTimestamp } from './days.js';
import { CANCEL_REASONS, COMPLETION_NOTES, ORDER_DESCRIPTIONS } from './phrases.js';
import type { Rng } from './prng.js';
import type { IdCursor, ServiceOrderRow, ServiceOrderTransitionRow } from './rows.js';

/** Seeded order numbers are SO-(1000 + id); the id sequence is set past them when the seed ends. */
export const ORDER_NUMBER_OFFSET = 1000;

export interface OrderSpec {
  type: ServiceOrderType;
  status: ServiceOrderStatus;
  /** Seconds of the order's last move. */
  endsAt: number;
  accountId: number;
  description?: string;
  permanent?: boolean;
  bySystem?: boolean;
  sourceReadingId?: number | null;
  priority?: ServiceOrderPriority;
}

interface Move { action: string; from: ServiceOrderStatus | null; to: ServiceOrderStatus; at: number; note: string | null; by: Person }

const HOUR = 3600;
const DAY = 86_400;
const PATH: ServiceOrderStatus[] = ['created', 'assigned', 'scheduled', 'in_progress', 'completed'];
const SYSTEM: Person = { id: null, name: 'System' };

function drawPriority(rng: Rng, type: ServiceOrderType): ServiceOrderPriority {
  if (type === 'repair') return rng.weighted({ emergency: 15, high: 35, normal: 40, low: 10 });
  if (type === 'disconnection') return rng.weighted({ high: 30, normal: 60, low: 10 });
  if (type === 'reconnection') return rng.weighted({ emergency: 5, high: 50, normal: 45 });
  return rng.weighted({ emergency: 3, high: 12, normal: 60, low: 25 });
}

/** The statuses the order went through, ending with its status. */
function statusPath(rng: Rng, status: ServiceOrderStatus): ServiceOrderStatus[] {
  if (status !== 'cancelled') return PATH.slice(0, PATH.indexOf(status) + 1);
  const reached = rng.weighted({ created: 35, assigned: 25, scheduled: 30, in_progress: 10 });
  return [...PATH.slice(0, PATH.indexOf(reached) + 1), 'cancelled'];
}

function pickTechnician(rng: Rng, technicians: readonly TechnicianRef[], type: string, not?: TechnicianRef): TechnicianRef {
  const skilled = technicians.filter((t) => t.skills.includes(type) && t !== not);
  return rng.pick(skilled.length > 0 ? skilled : technicians);
}

/** Appointments start on the hour, about 8, 10, 13 or 15 o'clock in the utility's time zone (UTC−6). */
function appointmentAfter(rng: Rng, seconds: number, urgent: boolean): number {
  if (urgent) return Math.ceil((seconds + rng.int(1, 3) * HOUR) / HOUR) * HOUR;
  const day = Math.floor(seconds / DAY) + rng.int(1, 7);
  return day * DAY + rng.pick([14, 16, 19, 21]) * HOUR;
}

interface Plan { moves: Move[]; technician: TechnicianRef | null; scheduledFor: number | null; window: number | null }

/** The moves of the order with times counted from its creation at 0. */
function planMoves(rng: Rng, spec: OrderSpec, priority: ServiceOrderPriority, context: SeedContext): Plan {
  const { agent, dispatcher } = context.users;
  const path = statusPath(rng, spec.status);
  const urgent = priority === 'emergency';
  const plan: Plan = { moves: [], technician: null, scheduledFor: null, window: null };
  // Day 0 of the plan, during office hours (14:00–22:00 UTC); shifted() moves whole days only.
  let t = rng.int(14 * HOUR, 22 * HOUR);
  const move = (action: string, from: ServiceOrderStatus | null, to: ServiceOrderStatus, note: string | null, by: Person) =>
    plan.moves.push({ action, from, to, at: t, note, by });
  move('create', null, 'created', null, spec.bySystem ? SYSTEM : agent);
  for (let i = 1; i < path.length; i++) {
    const [from, to] = [path[i - 1], path[i]];
    if (to === 'assigned') {
      t += urgent ? rng.int(600, 3000) : rng.int(HOUR / 2, 30 * HOUR);
      plan.technician = pickTechnician(rng, context.technicians, spec.type);
      move('assign', from, to, `Assigned to ${plan.technician.name}.`, dispatcher);
      if (path.length > i + 1 && rng.chance(0.1)) {
        t += rng.int(HOUR, 20 * HOUR);
        plan.technician = pickTechnician(rng, context.technicians, spec.type, plan.technician);
        move('reassign', to, to, `Reassigned to ${plan.technician.name}: first technician unavailable.`, dispatcher);
      }
    } else if (to === 'scheduled') {
      t += rng.int(HOUR / 5, 6 * HOUR);
      plan.scheduledFor = appointmentAfter(rng, t, urgent);
      plan.window = urgent ? 60 : rng.pick([120, 120, 240]);
      move('schedule', from, to, `Visit on ${isoTimestamp(plan.scheduledFor).slice(0, 16)} UTC.`, dispatcher);
      if (path.length > i + 1 && !urgent && rng.chance(0.08)) {
        t += rng.int(HOUR, 24 * HOUR);
        plan.scheduledFor += rng.int(1, 5) * DAY;
        move('reschedule', to, to, `Customer asked for another day: ${isoTimestamp(plan.scheduledFor).slice(0, 16)} UTC.`, dispatcher);
      }
    } else if (to === 'in_progress') {
      t = Math.max(t + 60, (plan.scheduledFor ?? t) + rng.int(0, 45 * 60));
      move('start', from, to, null, dispatcher);
    } else if (to === 'completed') {
      t += rng.int(30 * 60, 4 * HOUR);
      move('complete', from, to, rng.pick(COMPLETION_NOTES), dispatcher);
    } else {
      t += rng.int(HOUR, 3 * DAY);
      move('cancel', from, to, rng.pick(CANCEL_REASONS), rng.chance(0.7) ? dispatcher : agent);
    }
  }
  return plan;
}

/**
 * The plan moved by whole days so its last move falls on `endsAt`'s day (any time of it:
 * still before the as-of date), while times of day stay in office hours and
 * appointments on the hour.
 */
function shifted(plan: Plan, endsAt: number): Plan {
  const delta = (Math.floor(endsAt / DAY) - Math.floor(plan.moves[plan.moves.length - 1].at / DAY)) * DAY;
  return {
    ...plan,
    moves: plan.moves.map((m) => ({ ...m, at: m.at + delta })),
    scheduledFor: plan.scheduledFor === null ? null : plan.scheduledFor + delta,
  };
}

function drawRating(rng: Rng): number {
  return Number(rng.weighted({ 5: 45, 4: 30, 3: 13, 2: 7, 1: 5 }));
}

export function buildOrder(rng: Rng, spec: OrderSpec, ids: IdCursor, context: SeedContext, cutoff: number): { order: ServiceOrderRow; transitions: ServiceOrderTransitionRow[] } {
  const priority = spec.priority ?? drawPriority(rng, spec.type);
  const plan = shifted(planMoves(rng, spec, priority, context), spec.endsAt);
  const id = ids.service_order++;
  const orderNumber = `SO-${ORDER_NUMBER_OFFSET + id}`;
  const created = plan.moves[0].at;
  const last = plan.moves[plan.moves.length - 1];
  const completed = spec.status === 'completed' ? last.at : null;
  const surveyAnswered = completed !== null && rng.chance(0.85) ? completed + rng.int(2 * HOUR, 72 * HOUR) : null;
  const ratedAt = surveyAnswered !== null && surveyAnswered < cutoff ? surveyAnswered : null;
  const closed = spec.status === 'completed' || spec.status === 'cancelled';
  const order: ServiceOrderRow = {
    id, order_number: orderNumber, account_id: spec.accountId, target_account_id: null, type: spec.type,
    description: spec.description ?? rng.pick(ORDER_DESCRIPTIONS[spec.type]), priority, status: spec.status,
    permanent: spec.permanent ?? false, technician_id: plan.technician?.id ?? null,
    scheduled_for: plan.scheduledFor === null ? null : isoTimestamp(plan.scheduledFor), window_minutes: plan.window,
    sla_due_at: null, overdue: false, workflow_id: `service-order-${orderNumber}`, workflow_state: closed ? 'closed' : 'waiting_to_start',
    source_reading_id: spec.sourceReadingId ?? null, effect_applied_at: completed === null ? null : isoTimestamp(completed),
    rating: ratedAt !== null ? drawRating(rng) : null, rated_at: ratedAt !== null ? isoTimestamp(ratedAt) : null,
    cancel_reason: spec.status === 'cancelled' ? last.note : null, completion_note: completed === null ? null : last.note,
    created_by_id: plan.moves[0].by.id, created_at: isoTimestamp(created), completed_at: completed === null ? null : isoTimestamp(completed),
    updated_at: isoTimestamp(ratedAt ?? last.at),
  };
  const transitions = plan.moves.map((m, i) => ({
    id: ids.service_order_transition++, order_id: id, account_id: spec.accountId, sequence: i + 1, from_status: m.from, to_status: m.to, action: m.action,
    at: isoTimestamp(m.at), by_id: m.by.id, by_name: m.by.name, note: m.note,
  }));
  return { order, transitions };
}
