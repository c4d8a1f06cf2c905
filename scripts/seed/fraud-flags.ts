/**
 * Fraud and tampering flags. Exactly one stays open in the whole demo (a broken seal and
 * a bypass found by an inspection, fixtures.ts); a few accounts carry closed ones from
 * earlier investigations, so the history view has something to show.
 */
import type { SeedContext, Timeline } from './context.js';
import { SECONDS_PER_DAY, isoTimestamp } from './days.js';
import type { Rng } from './prng.js';
import type { FraudFlagRow, IdCursor } from './rows.js';

const CLOSED_FLAG_RATE = 0.002;
const CLOSED_FLAGS = [
  { kind: 'tampering', note: 'Meter seal found broken during a routine read.', closed: 'Seal replaced; no bypass found; consumption consistent.' },
  { kind: 'fraud', note: 'Payment made with a card reported stolen.', closed: 'Account holder verified; bank confirmed a mix-up.' },
  { kind: 'fraud', note: 'Service requested with an identity document that did not match.', closed: 'Identity verified in person at the office.' },
] as const;

/** When the inspection found the tampering: a few days to three weeks before as-of. */
export function tamperingMoment(rng: Rng, timeline: Timeline): number {
  return timeline.cutoff - rng.int(3, 20) * SECONDS_PER_DAY - rng.int(2 * 3600, 8 * 3600);
}

/** Raised the morning after the inspection that found it (the inspection order completes on `inspectedAt`'s day). */
export function openTamperingFlag(accountId: number, meterId: number | null, inspectedAt: number, ids: IdCursor, context: SeedContext): FraudFlagRow {
  return {
    id: ids.fraud_flag++, account_id: accountId, meter_id: meterId, kind: 'tampering',
    note: 'Broken meter seal and a bypass pipe found during inspection; consumption under-registered.',
    opened_at: isoTimestamp((Math.floor(inspectedAt / SECONDS_PER_DAY) + 1) * SECONDS_PER_DAY + 15 * 3600), closed_at: null, closed_note: null, created_by_id: context.users.dispatcher.id,
  };
}

export function closedFlags(rng: Rng, accountId: number, meterId: number | null, fromDay: number, ids: IdCursor, context: SeedContext, timeline: Timeline): FraudFlagRow[] {
  if (!rng.chance(CLOSED_FLAG_RATE)) return [];
  const flag = rng.pick(CLOSED_FLAGS);
  const opened = rng.int(fromDay, Math.max(fromDay, timeline.lastDay - 60)) * SECONDS_PER_DAY + rng.int(14 * 3600, 22 * 3600);
  const closed = opened + rng.int(5, 40) * SECONDS_PER_DAY;
  return [{
    id: ids.fraud_flag++, account_id: accountId, meter_id: flag.kind === 'tampering' ? meterId : null, kind: flag.kind, note: flag.note,
    opened_at: isoTimestamp(opened), closed_at: isoTimestamp(Math.min(closed, timeline.cutoff - 3600)), closed_note: flag.closed,
    created_by_id: context.users.agent.id,
  }];
}
