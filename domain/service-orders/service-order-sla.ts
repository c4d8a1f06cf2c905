/**
 * Service-order SLA timers (docs/rules.md#service-orders): how long an order may take to be assigned and completed,
 * by priority, tightened per type. The workflow gets them as seconds (tests use seconds, production hours).
 */
import type { ServiceOrderPriority, ServiceOrderType } from '../common/enums.js';

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
};

export function slaFor(type: ServiceOrderType, priority: ServiceOrderPriority, settings: SlaSettings = DEFAULT_SLA_SETTINGS): SlaLimits {
  const base = settings.byPriority[priority];
  const override = settings.byType[type] ?? {};
  return {
    assignWithinSeconds: Math.min(base.assignWithinSeconds, override.assignWithinSeconds ?? Infinity),
    completeWithinSeconds: Math.min(base.completeWithinSeconds, override.completeWithinSeconds ?? Infinity),
  };
}

/** When the order is due to be assigned and completed, from its creation time. */
export function slaDeadlines(createdAt: Date, limits: SlaLimits) {
  return {
    assignBy: new Date(createdAt.getTime() + limits.assignWithinSeconds * 1000),
    completeBy: new Date(createdAt.getTime() + limits.completeWithinSeconds * 1000),
  };
}
