/**
 * Complaints: most resolved within days, some open; a few open for more than 30 days,
 * which cost health-score points (docs/rules.md#health-score) and show as profile alerts. One is planted.
 */
import type { SeedContext, Timeline } from './context.js';
import { SECONDS_PER_DAY, isoTimestamp } from './days.js';
import { COMPLAINTS } from './phrases.js';
import type { Rng } from './prng.js';
import type { ComplaintRow, IdCursor } from './rows.js';

function complaint(rng: Rng, accountId: number, openedAt: number, keepOpen: boolean, ids: IdCursor, context: SeedContext, timeline: Timeline): ComplaintRow {
  const text = rng.pick(COMPLAINTS);
  const resolvedAt = openedAt + rng.int(1, 25) * SECONDS_PER_DAY + rng.int(0, 8 * 3600);
  const resolved = !keepOpen && rng.chance(0.82) && resolvedAt < timeline.cutoff;
  const { agent, dispatcher } = context.users;
  return {
    id: ids.complaint++, account_id: accountId, category: text.category, description: text.description,
    status: resolved ? 'resolved' : 'open', opened_at: isoTimestamp(openedAt),
    resolved_at: resolved ? isoTimestamp(resolvedAt) : null, resolution: resolved ? text.resolution : null,
    created_by_id: agent.id, resolved_by_id: resolved ? (rng.chance(0.7) ? agent.id : dispatcher.id) : null,
  };
}

export function complaintsFor(rng: Rng, accountId: number, fromDay: number, stale: boolean, ids: IdCursor, context: SeedContext, timeline: Timeline): ComplaintRow[] {
  const count = rng.chance(0.14) ? (rng.chance(0.2) ? 2 : 1) : 0;
  const moments: number[] = [];
  for (let i = 0; i < count; i++) moments.push(rng.int(fromDay, Math.max(fromDay, timeline.lastDay)) * SECONDS_PER_DAY + rng.int(13 * 3600, 23 * 3600));
  moments.sort((a, b) => a - b);
  const rows = moments.map((at) => complaint(rng, accountId, at, false, ids, context, timeline));
  if (stale) {
    const openedAt = (timeline.lastDay - rng.int(35, 60)) * SECONDS_PER_DAY + rng.int(14 * 3600, 22 * 3600);
    rows.push(complaint(rng, accountId, openedAt, true, ids, context, timeline));
  }
  return rows;
}
