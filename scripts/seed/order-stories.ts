/**
 * Which service orders an account has, in line with its story: a disconnected account
 * has the completed disconnection that did it, a pending one an open installation, a
 * moved-out one its completed transfer; a leak alert may have an inspection open; and
 * every account has a few ordinary history orders (maintenance, repairs, reads).
 * Planted showcase orders (fixtures.ts) are added on top.
 */
import type { ServiceOrderStatus, ServiceOrderType } from '../../domain/common/enums.js';
import type { Timeline } from './context.js';
import { SECONDS_PER_DAY } from './days.js';
import type { AnomalyKind } from './fixtures.js';
import type { AccountProfile } from './profile.js';
import type { Rng } from './prng.js';
import type { OrderSpec } from './service-orders.js';

const HOUR = 3600;
const OPEN_STATUSES = { created: 30, assigned: 25, scheduled: 30, in_progress: 15 } as const;
const ROUTINE_TYPES = { meter_reading: 18, maintenance: 22, repair: 24, inspection: 20, installation: 6, transfer: 4, reconnection: 3, disconnection: 3 } as const;

export interface StoryFacts {
  profile: AccountProfile;
  accountId: number;
  anomaly: { kind: AnomalyKind; readingId: number } | null;
  /** When the open tampering flag was raised, if this account has it. */
  tamperingFoundAt: number | null;
}

const isOpen = (status: ServiceOrderStatus) => status !== 'completed' && status !== 'cancelled';

/** Seconds during working hours (14:00–23:00 UTC) on a day drawn in [from, to]. */
function momentBetween(rng: Rng, from: number, to: number): number {
  return rng.int(from, Math.max(from, to)) * SECONDS_PER_DAY + rng.int(14 * HOUR, 23 * HOUR);
}

/** Last move of an open order: hours to a few days before the as-of date (work in progress: the same day). */
function openMoment(rng: Rng, timeline: Timeline, status?: ServiceOrderStatus): number {
  return timeline.cutoff - (status === 'in_progress' ? rng.int(HOUR, 6 * HOUR) : rng.int(HOUR, 4 * 24 * HOUR));
}

const ALERT_ORDERS: Record<AnomalyKind, { type: ServiceOrderType; description: string }> = {
  high: { type: 'inspection', description: 'Inspect the meter after a high-consumption alert: possible leak.' },
  regression: { type: 'meter_reading', description: 'Reading below the previous one: read the register on site.' },
  zero: { type: 'inspection', description: 'No consumption for two months on an active account: check the meter.' },
};

/** Days in which history orders may end: while the account had service, at least a week before as-of. */
function historySpan(profile: AccountProfile, timeline: Timeline): [number, number] {
  // Orders take up to two weeks from creation to their last move: none predates the customer.
  const from = Math.max(profile.customerSince + 21, timeline.windowStart);
  const to = Math.min(profile.serviceEnd ?? timeline.lastDay, timeline.lastDay) - 7;
  return [Math.min(from, to), to];
}

function episode(rng: Rng, facts: StoryFacts, span: [number, number]): OrderSpec[] {
  const disconnected = momentBetween(rng, span[0], span[1] - 10);
  const spec = { accountId: facts.accountId, status: 'completed' as const };
  return [
    { ...spec, type: 'disconnection', endsAt: disconnected, description: 'Disconnect service for non-payment after final notice.' },
    { ...spec, type: 'reconnection', endsAt: disconnected + rng.int(2, 9) * SECONDS_PER_DAY, description: 'Reconnect service: past-due balance paid in full.' },
  ];
}

function statusStory(rng: Rng, facts: StoryFacts, timeline: Timeline): OrderSpec[] {
  const { profile, accountId } = facts;
  const end = profile.serviceEnd === null ? null : profile.serviceEnd * SECONDS_PER_DAY + rng.int(15 * HOUR, 21 * HOUR);
  switch (profile.status) {
    case 'disconnected': {
      const permanent = profile.disconnectionKind === 'permanent';
      const why = profile.stoppedPaying ? 'Disconnect service for non-payment after final notice.'
        : permanent ? 'Permanent disconnection requested: building to be demolished.' : 'Customer requested temporary disconnection while away.';
      const specs: OrderSpec[] = [{ accountId, type: 'disconnection', status: 'completed', endsAt: end ?? openMoment(rng, timeline), permanent, description: why }];
      if (!permanent && rng.chance(0.3)) specs.push({ accountId, type: 'reconnection', status: rng.pick(['created', 'assigned', 'scheduled'] as const), endsAt: openMoment(rng, timeline) });
      return specs;
    }
    case 'inactive':
      return [{ accountId, type: 'transfer', status: 'completed', endsAt: end ?? openMoment(rng, timeline), description: 'Transfer of service: customer moving out; final read and close the account.' }];
    case 'pending': {
      const status = rng.weighted(OPEN_STATUSES);
      return [{ accountId, type: 'installation', status, endsAt: openMoment(rng, timeline, status), description: 'Install a meter for a new connection.' }];
    }
    case 'collection':
      return rng.chance(0.4)
        ? [{ accountId, type: 'disconnection', status: rng.pick(['created', 'assigned', 'scheduled'] as const), endsAt: openMoment(rng, timeline), description: 'Disconnect service: balance past due, no payment arrangement.' }]
        : [];
    default:
      return rng.chance(0.04) ? episode(rng, facts, historySpan(profile, timeline)) : [];
  }
}

function alertStory(rng: Rng, facts: StoryFacts, timeline: Timeline): OrderSpec[] {
  const specs: OrderSpec[] = [];
  const anomaly = facts.anomaly;
  // Agents open an order from about half the flagged readings; the planted leak always has one.
  if (anomaly && (facts.profile.planted.anomaly === 'high' || rng.chance(0.5))) {
    const { type, description } = ALERT_ORDERS[anomaly.kind];
    specs.push({
      accountId: facts.accountId, type, status: rng.pick(['created', 'assigned'] as const), endsAt: openMoment(rng, timeline),
      sourceReadingId: anomaly.readingId, description,
    });
  }
  if (facts.tamperingFoundAt !== null) {
    specs.push({ accountId: facts.accountId, type: 'inspection', status: 'completed', endsAt: facts.tamperingFoundAt, description: 'Inspect meter seal and bypass for possible tampering.' });
  }
  return specs;
}

function routineOrders(rng: Rng, facts: StoryFacts, timeline: Timeline): OrderSpec[] {
  // A pending connection is weeks old and has no meter yet: only its installation order.
  if (facts.profile.status === 'pending') return [];
  const span = historySpan(facts.profile, timeline);
  const canBeOpen = facts.profile.status === 'active' || facts.profile.status === 'collection';
  const specs: OrderSpec[] = [];
  for (let n = rng.poisson(0.35); n > 0; n--) {
    const type = rng.weighted(ROUTINE_TYPES) as ServiceOrderType;
    if (type === 'disconnection' || type === 'reconnection') {
      specs.push(...episode(rng, facts, span));
      continue;
    }
    const status: ServiceOrderStatus = canBeOpen && rng.chance(0.08) ? rng.weighted(OPEN_STATUSES) : rng.chance(0.85) ? 'completed' : 'cancelled';
    specs.push({ accountId: facts.accountId, type, status, endsAt: isOpen(status) ? openMoment(rng, timeline, status) : momentBetween(rng, span[0], span[1]) });
  }
  return specs;
}

/** The planted order, unless the story already has that very order (or the open one of that type: then its status is set). */
function withShowcase(rng: Rng, facts: StoryFacts, specs: OrderSpec[], timeline: Timeline): OrderSpec[] {
  const wanted = facts.profile.planted.showcaseOrder;
  if (!wanted) return specs;
  if (specs.some((s) => s.type === wanted.type && s.status === wanted.status)) return specs;
  const sameOpen = specs.find((s) => s.type === wanted.type && isOpen(s.status) && isOpen(wanted.status));
  if (sameOpen) {
    sameOpen.status = wanted.status;
    sameOpen.endsAt = openMoment(rng, timeline, wanted.status);
    return specs;
  }
  const span = historySpan(facts.profile, timeline);
  if (wanted.status === 'completed' && (wanted.type === 'disconnection' || wanted.type === 'reconnection')) return [...specs, ...episode(rng, facts, span)];
  const endsAt = isOpen(wanted.status) ? openMoment(rng, timeline, wanted.status) : momentBetween(rng, span[0], span[1]);
  return [...specs, { accountId: facts.accountId, type: wanted.type, status: wanted.status, endsAt }];
}

export function orderSpecsFor(rng: Rng, facts: StoryFacts, timeline: Timeline): OrderSpec[] {
  const specs = [...statusStory(rng, facts, timeline), ...alertStory(rng, facts, timeline), ...routineOrders(rng, facts, timeline)];
  return withShowcase(rng, facts, specs, timeline).sort((a, b) => a.endsAt - b.endsAt);
}
