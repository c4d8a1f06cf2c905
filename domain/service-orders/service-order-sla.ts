/**
 * Service-order SLA timers (docs/rules.md#service-orders): how long an order may take to be assigned and completed,
 * by priority, tightened per type, counted in business time or on the wall clock (docs/rules.md#business-hours-and-holidays).
 * Limits are seconds (tests use seconds, production hours).
 */
import type { ServiceOrderPriority, ServiceOrderType } from '../common/enums.js';
import { addBusinessMinutes, DEFAULT_BUSINESS_HOURS, type BusinessCalendar, type BusinessHours } from '../common/business-time.js';

/** Whether an SLA counts only business time or every hour of the wall clock. */
export type SlaClock = 'business' | 'wall';
export const SLA_CLOCKS = ['business', 'wall'] as const;

export interface SlaLimits {
  assignWithinSeconds: number;
  completeWithinSeconds: number;
}

export interface SlaSettings {
  byPriority: Record<ServiceOrderPriority, SlaLimits>;
  /** Optional per-type limits; the tighter of type and priority applies. */
  byType: Partial<Record<ServiceOrderType, Partial<SlaLimits>>>;
  /** How long before the visit the consumer is reminded (docs/rules.md: default 24 h). */
  reminderLeadSeconds: number;
  /** The clock each priority's SLA counts on; a type may say `wall` too, and `wall` then wins. */
  clockByPriority: Record<ServiceOrderPriority, SlaClock>;
  clockByType: Partial<Record<ServiceOrderType, SlaClock>>;
  /** The utility's working hours, for the SLAs that count business time. */
  businessHours: BusinessHours;
}

const HOUR = 3600;
export const DEFAULT_SLA_SETTINGS: SlaSettings = {
  byPriority: {
    emergency: { assignWithinSeconds: 1 * HOUR, completeWithinSeconds: 4 * HOUR },
    high: { assignWithinSeconds: 4 * HOUR, completeWithinSeconds: 24 * HOUR },
    normal: { assignWithinSeconds: 24 * HOUR, completeWithinSeconds: 72 * HOUR },
    low: { assignWithinSeconds: 72 * HOUR, completeWithinSeconds: 168 * HOUR },
  },
  // Reconnecting someone's water is urgent whatever its priority says.
  byType: { reconnection: { completeWithinSeconds: 24 * HOUR } },
  reminderLeadSeconds: 24 * HOUR,
  // An emergency or someone without water cannot wait for Monday morning.
  clockByPriority: { emergency: 'wall', high: 'business', normal: 'business', low: 'business' },
  clockByType: { reconnection: 'wall' },
  businessHours: DEFAULT_BUSINESS_HOURS,
};

export function slaFor(type: ServiceOrderType, priority: ServiceOrderPriority, settings: SlaSettings = DEFAULT_SLA_SETTINGS): SlaLimits {
  const base = settings.byPriority[priority];
  const override = settings.byType[type] ?? {};
  return {
    assignWithinSeconds: Math.min(base.assignWithinSeconds, override.assignWithinSeconds ?? Infinity),
    completeWithinSeconds: Math.min(base.completeWithinSeconds, override.completeWithinSeconds ?? Infinity),
  };
}

/**
 * The clock an order's SLA counts on: the wall clock when its priority or its type says so (the
 * stricter reading, as the tighter limit wins), business time otherwise.
 */
export function slaClockFor(type: ServiceOrderType, priority: ServiceOrderPriority, settings: SlaSettings = DEFAULT_SLA_SETTINGS): SlaClock {
  return settings.clockByPriority[priority] === 'wall' || settings.clockByType[type] === 'wall' ? 'wall' : 'business';
}

/** The instant `seconds` of SLA time after `from`, on the given clock. */
export function slaInstant(from: Date, seconds: number, clock: SlaClock, calendar: BusinessCalendar): Date {
  return clock === 'wall' ? new Date(from.getTime() + seconds * 1000) : addBusinessMinutes(from, seconds / 60, calendar);
}

/** When the order is due to be assigned and completed, from its creation time, on its clock. */
export function slaDeadlines(createdAt: Date, limits: SlaLimits, clock: SlaClock, calendar: BusinessCalendar) {
  return {
    assignBy: slaInstant(createdAt, limits.assignWithinSeconds, clock, calendar),
    completeBy: slaInstant(createdAt, limits.completeWithinSeconds, clock, calendar),
  };
}
