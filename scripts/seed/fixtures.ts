/**
 * The things the demo must always show, planted at fixed account positions so that even
 * a few hundred accounts have them (and tests can find them): a service order of every
 * type in every status, one reading anomaly of each kind, a complaint open for more than
 * 30 days, and exactly one open tampering flag. Position 0 is John Doe (john-doe.ts).
 */
import { SERVICE_ORDER_STATUSES, SERVICE_ORDER_TYPES, type ServiceOrderStatus, type ServiceOrderType } from '../../domain/common/enums.js';

export type AnomalyKind = 'regression' | 'high' | 'zero';

export interface Planted {
  showcaseOrder: { type: ServiceOrderType; status: ServiceOrderStatus } | null;
  anomaly: AnomalyKind | null;
  staleComplaint: boolean;
  openTampering: boolean;
}

const SHOWCASE_FIRST = 1;
const SHOWCASE_COUNT = SERVICE_ORDER_TYPES.length * SERVICE_ORDER_STATUSES.length;
const ANOMALY_AT: Record<number, AnomalyKind> = { 50: 'regression', 51: 'high', 52: 'zero' };
const STALE_COMPLAINT_AT = 53;
const TAMPERING_AT = 54;

/** Where the one open tampering flag goes: position 54, or the last account of a smaller demo. */
export function tamperingIndex(totalAccounts: number): number {
  return Math.min(TAMPERING_AT, totalAccounts - 1);
}

export function plantedAt(index: number, totalAccounts: number): Planted {
  const slot = index - SHOWCASE_FIRST;
  const showcase =
    slot >= 0 && slot < SHOWCASE_COUNT
      ? { type: SERVICE_ORDER_TYPES[slot % SERVICE_ORDER_TYPES.length], status: SERVICE_ORDER_STATUSES[Math.floor(slot / SERVICE_ORDER_TYPES.length)] }
      : null;
  return {
    showcaseOrder: showcase,
    anomaly: ANOMALY_AT[index] ?? null,
    staleComplaint: index === STALE_COMPLAINT_AT,
    openTampering: index === tamperingIndex(totalAccounts),
  };
}
