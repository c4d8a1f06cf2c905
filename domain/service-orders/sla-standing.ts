/**
 * Where an open order stands against its SLA (docs/rules.md#business-hours-and-holidays): each deadline
 * still ahead of it and the time left to it, counted on the order's clock (business minutes for a
 * business-hours SLA, every minute for a wall-clock one), negative once it has passed.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceOrderPriority, ServiceOrderStatus, ServiceOrderType } from '../common/enums.js';
import { businessMinutesBetween, type BusinessCalendar } from '../common/business-time.js';
import { getSetting } from '../settings/settings.js';
import { loadBusinessCalendar } from '../settings/holidays.js';
import { isTerminal } from './service-order-transitions.js';
import { slaClockFor, type SlaClock, type SlaSettings } from './service-order-sla.js';

export interface SlaDeadline { what: 'assignment' | 'completion'; due: Date; minutesLeft: number }
export interface SlaStanding { clock: SlaClock; deadlines: SlaDeadline[] }

export interface OrderOnTheClock {
  type: ServiceOrderType; priority: ServiceOrderPriority; status: ServiceOrderStatus; assignDueAt: Date | null; slaDueAt: Date | null;
}

/** The standing of one order at `now`: the assignment deadline while it waits for a technician, the completion one until it is closed. */
export function slaStanding(order: OrderOnTheClock, now: Date, settings: SlaSettings, calendar: BusinessCalendar): SlaStanding {
  const clock = slaClockFor(order.type, order.priority, settings);
  const left = (due: Date) => Math.floor(clock === 'business' ? businessMinutesBetween(now, due, calendar) : (due.getTime() - now.getTime()) / 60_000);
  const deadlines: SlaDeadline[] = [];
  if (!isTerminal(order.status)) {
    if (order.status === 'created' && order.assignDueAt) deadlines.push({ what: 'assignment', due: order.assignDueAt, minutesLeft: left(order.assignDueAt) });
    if (order.slaDueAt) deadlines.push({ what: 'completion', due: order.slaDueAt, minutesLeft: left(order.slaDueAt) });
  }
  return { clock, deadlines };
}

export type SlaReckoner = (order: OrderOnTheClock) => SlaStanding;

/** Reads the SLA settings and the holiday calendar once, for a page that shows many orders. */
export async function slaReckoner(em: EntityManager, timeZone: string, now: Date): Promise<SlaReckoner> {
  const settings = await getSetting(em, 'sla');
  const calendar = await loadBusinessCalendar(em, timeZone);
  return (order) => slaStanding(order, now, settings, calendar);
}
