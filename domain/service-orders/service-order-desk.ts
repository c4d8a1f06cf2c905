import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { Invalid } from '../shared/errors.js';
import {
  assignUpdate, cancelUpdate, completeUpdate, scheduleUpdate, startUpdate, type CompleteArgs,
} from '../../workflows/service-order.contract.js';
import { activeMeterOf } from './order-effects.js';
import { moveOrder } from './service-order-moves.js';
import { getServiceOrder, type OrderDetail } from './service-order-queries.js';
import { assertCanAssign } from './technicians.js';

/**
 * The dispatcher's actions on an order, shared by the JSON API and the board: each
 * checks what only Postgres knows (skills, the meter, the clock), sends the move to
 * the order's workflow, and returns the order as it now is.
 */
export interface Desk { em: EntityManager; client: Client; actor: { userId: number | null; name: string } }

export async function assignOrder(desk: Desk, orderNumber: string, technicianId: number, note?: string): Promise<OrderDetail> {
  await assertCanAssign(desk.em, technicianId, orderNumber);
  await moveOrder(desk.em, desk.client, orderNumber, 'assign', assignUpdate, { actor: desk.actor, technicianId, note });
  return getServiceOrder(desk.em, orderNumber);
}

export async function scheduleOrder(desk: Desk, orderNumber: string, scheduledFor: Date, windowMinutes: number, note?: string): Promise<OrderDetail> {
  if (Number.isNaN(scheduledFor.getTime())) throw new Invalid('Pick a date and time for the visit.', { scheduledFor: 'not a date and time' });
  if (scheduledFor.getTime() < Date.now() - 60_000) throw new Invalid('A visit is scheduled in the future.', { scheduledFor: 'in the past' });
  await moveOrder(desk.em, desk.client, orderNumber, 'schedule', scheduleUpdate, {
    actor: desk.actor, scheduledFor: scheduledFor.toISOString(), windowMinutes, note,
  });
  return getServiceOrder(desk.em, orderNumber);
}

export async function startOrder(desk: Desk, orderNumber: string, note?: string): Promise<OrderDetail> {
  await moveOrder(desk.em, desk.client, orderNumber, 'start', startUpdate, { actor: desk.actor, note });
  return getServiceOrder(desk.em, orderNumber);
}

export async function completeOrder(desk: Desk, orderNumber: string, report: Omit<CompleteArgs, 'actor'>): Promise<OrderDetail> {
  const order = await getServiceOrder(desk.em, orderNumber);
  if (order.type === 'meter_reading' && order.status === 'in_progress') {
    if (!report.reading) throw new Invalid('A meter-reading order is completed with the reading taken.', { reading: 'required' });
    const [account] = await desk.em.getConnection().execute<{ id: number }[]>('select id from account where account_number = ?', [order.accountNumber]);
    if (!(await activeMeterOf(desk.em, account.id))) throw new Invalid('The account has no meter assigned to read.', { reading: 'no meter assigned' });
  }
  await moveOrder(desk.em, desk.client, orderNumber, 'complete', completeUpdate, { actor: desk.actor, ...report });
  return getServiceOrder(desk.em, orderNumber);
}

export async function cancelOrder(desk: Desk, orderNumber: string, reason: string): Promise<OrderDetail> {
  if (!reason.trim()) throw new Invalid('A cancellation needs a reason.', { reason: 'required' });
  await moveOrder(desk.em, desk.client, orderNumber, 'cancel', cancelUpdate, { actor: desk.actor, reason: reason.trim() });
  return getServiceOrder(desk.em, orderNumber);
}
