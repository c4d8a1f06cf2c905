/**
 * The sender's four hot statements, shared by the sends running at once in one process: the
 * reads, claims, hand-over marks and sent records that several jobs ask for before the event
 * loop turns go to PostgreSQL as one statement each (domain/common/call-groups.ts), not one per
 * notification. Each send still gets its own answer: its row, whether its claim held.
 *
 * Why: under a backlog the worker runs NOTIFICATION_CONCURRENCY sends at once, and a statement's
 * round trip cost the worker more CPU than the rows it carried (the socket write alone was a fifth
 * of the worker's time under `--cpu-prof`, BENCHMARKS.md). A lone send is one statement per step, as before.
 */
import { callGroup } from '../common/call-groups.js';
import type { MikroORM } from '@mikro-orm/postgresql';
import { markHandedOver, markSending, readNotifications, recordSent, type ClaimedNotification, type Claim, type SeenNotification, type SentRecord } from './notification-claim.js';
import type { NotificationChannel } from '../common/enums.js';

export interface NotificationStatements {
  /** The row with its consumer and templates as it stands; null when it does not exist. */
  read(id: number): Promise<ClaimedNotification | null>;
  /** Moves the row as it was seen to `sending` on `channel`; false when it changed since. */
  claim(seen: SeenNotification, channel: NotificationChannel): Promise<boolean>;
  /** Marks the hand-over of a row still `sending`; false when it no longer is. */
  handOver(id: number): Promise<boolean>;
  /** Records the row `sent` with its Communication-tab entry. */
  recordSent(record: SentRecord): Promise<void>;
}

function statementsOf(orm: MikroORM): NotificationStatements {
  const em = () => orm.em.fork();
  const read = callGroup<number, ClaimedNotification | null>(async (ids) => {
    const rows = await readNotifications(em(), ids);
    return ids.map((id) => rows.get(id) ?? null);
  });
  const claimGroup = callGroup<Claim, boolean>(async (claims) => {
    // Two claims of one row in one group: the first is made, the second fails as it would after the first.
    const first = new Map<number, Claim>();
    for (const asked of claims) if (!first.has(asked.seen.id)) first.set(asked.seen.id, asked);
    const moved = await markSending(em(), [...first.values()]);
    return claims.map((asked) => first.get(asked.seen.id) === asked && moved.has(asked.seen.id));
  });
  const handOver = callGroup<number, boolean>(async (ids) => {
    const marked = await markHandedOver(em(), [...new Set(ids)]);
    return ids.map((id) => marked.has(id));
  });
  const recordSentOnce = callGroup<SentRecord, undefined>(async (sent) => {
    const once = new Map(sent.map((record) => [record.id, record]));
    await recordSent(em(), [...once.values()]);
    return sent.map(() => undefined);
  });
  return {
    read,
    claim: (seen, channel) => claimGroup({ seen, channel }),
    handOver,
    recordSent: async (record) => { await recordSentOnce(record); },
  };
}

const byOrm = new WeakMap<MikroORM, NotificationStatements>();

/** The shared statements of this database connection pool: every send through it joins the same groups. */
export function notificationStatements(orm: MikroORM): NotificationStatements {
  const known = byOrm.get(orm);
  if (known) return known;
  const statements = statementsOf(orm);
  byOrm.set(orm, statements);
  return statements;
}
