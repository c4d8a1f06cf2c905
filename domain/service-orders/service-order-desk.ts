/**
 * The dispatcher's moves on an order, shared by the JSON API and the board: each checks
 * what only Postgres knows (skills, the meter, the clock) and answers the order's new state.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../common/actor.js';
import type { ServiceOrderStatus } from '../common/enums.js';
import { Invalid } from '../common/errors.js';
import { assertReadingEntry } from '../readings/reading-verification.js';
import { activeMeterOf } from './order-effects.js';
import { moveOrder, orderForMove, sendMove } from './service-order-moves.js';
import type { CompleteArgs, ExchangeReport, OrderState, ServiceOrderWorkflows } from './service-order-workflow.js';
import { EXCHANGE_ORDER_TYPES } from './move-arguments.js';
import { checkMeterExchange } from '../readings/meter-exchange.js';
import { utilityIsoDay } from '../common/calendar.js';
import { assertCanAssign } from './technicians.js';

/** What a move needs: the request's entity manager, the workflows port, who acts, and the utility's time zone (reading dates). */
export interface Desk { em: EntityManager; workflows: ServiceOrderWorkflows; actor: Actor; timeZone: string }

export async function assignOrder(desk: Desk, orderNumber: string, technicianId: number, note?: string): Promise<OrderState> {
  await assertCanAssign(desk.em, technicianId, orderNumber);
  return moveOrder(desk.em, desk.workflows, orderNumber, 'assign', { actor: desk.actor, technicianId, note });
}

export async function scheduleOrder(desk: Desk, orderNumber: string, scheduledFor: Date, windowMinutes: number, note?: string): Promise<OrderState> {
  if (Number.isNaN(scheduledFor.getTime())) throw new Invalid('Pick a date and time for the visit.', { scheduledFor: 'not a date and time' });
  if (scheduledFor.getTime() < Date.now() - 60_000) throw new Invalid('A visit is scheduled in the future.', { scheduledFor: 'in the past' });
  return moveOrder(desk.em, desk.workflows, orderNumber, 'schedule', {
    actor: desk.actor, scheduledFor: scheduledFor.toISOString(), windowMinutes, note,
  });
}

export async function startOrder(desk: Desk, orderNumber: string, note?: string): Promise<OrderState> {
  return moveOrder(desk.em, desk.workflows, orderNumber, 'start', { actor: desk.actor, note });
}

/**
 * A meter-reading order is completed with a reading, which needs a meter to go on; an
 * installation or repair that names a new meter is checked as a meter exchange
 * (docs/rules.md#meter-exchange), dated today unless the dispatcher says otherwise.
 */
export async function completeOrder(desk: Desk, orderNumber: string, given: Omit<CompleteArgs, 'actor' | 'exchange'> & {
  exchange?: Omit<ExchangeReport, 'exchangedOn'> & { exchangedOn?: string };
}): Promise<OrderState> {
  const order = await orderForMove(desk.em, orderNumber);
  const exchange = given.exchange && { ...given.exchange, exchangedOn: given.exchange.exchangedOn ?? utilityIsoDay(new Date(), desk.timeZone) };
  const report: Omit<CompleteArgs, 'actor'> = { ...given, exchange };
  if (order.type === 'meter_reading' && order.status === 'in_progress') {
    if (!report.reading) throw new Invalid('A meter-reading order is completed with the reading taken.', { reading: 'required' });
    assertReadingEntry(report.reading, desk.timeZone, 'reading.');
    if (!(await activeMeterOf(desk.em, order.account_id))) throw new Invalid('The account has no meter assigned to read.', { reading: 'no meter assigned' });
  }
  if (exchange && EXCHANGE_ORDER_TYPES.includes(order.type) && order.status === 'in_progress') {
    await checkMeterExchange(desk.em, order.account_id, exchange, desk.timeZone, order.type === 'repair');
  }
  return sendMove(desk.workflows, order, 'complete', { actor: desk.actor, ...report });
}

export async function cancelOrder(desk: Desk, orderNumber: string, reason: string, onlyWhile?: ServiceOrderStatus): Promise<OrderState> {
  if (!reason.trim()) throw new Invalid('A cancellation needs a reason.', { reason: 'required' });
  return moveOrder(desk.em, desk.workflows, orderNumber, 'cancel', { actor: desk.actor, reason: reason.trim(), ...(onlyWhile && { onlyWhile }) });
}
