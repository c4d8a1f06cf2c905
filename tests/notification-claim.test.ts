/**
 * The sender's compare-and-set (domain/notifications/notification-claim.ts): a claim or a final "unsent"
 * moves a notification only if it still stands as it was read — same status, same attempts, the same
 * hand-over mark. Each case reads the row, changes one thing behind the reader's back, and expects both
 * moves to refuse; the unchanged row moves.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db as query } from '../domain/common/database.js';
import { markSending, markUnsent, type SeenNotification } from '../domain/notifications/notification-claim.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertConsumer, insertQueuedNotification, notificationRow } from './support/notification-fixtures.js';

let db: TestDatabase;

test.before(async () => {
  db = await createTestDatabase('notif_claim_cas');
});
test.after(async () => {
  await db.drop();
});

const CHANGES: { name: string; change: string | null; moves: boolean }[] = [
  { name: 'nothing changed since it was read', change: null, moves: true },
  { name: 'another attempt claimed it (status)', change: `status = 'sending'`, moves: false },
  { name: 'another attempt counted itself (attempts)', change: 'attempts = attempts + 1', moves: false },
  { name: 'another attempt handed it over', change: 'handed_over_at = now()', moves: false },
];

let serial = 0;

/** A queued notification as a reader saw it, then changed by `change` (SQL SET list) behind its back. */
async function seenThenChanged(change: string | null): Promise<SeenNotification> {
  serial += 1;
  const consumer = await insertConsumer(db.orm, { channel: 'email' });
  const id = await insertQueuedNotification(db.orm, consumer.id, 'order_created', `order_created:cas-${serial}`, { orderNumber: `SO-${serial}`, type: 'repair' });
  const row = await notificationRow(db.orm, id);
  const seen: SeenNotification = { id, status: row.status, attempts: row.attempts, handedOverAt: row.handed_over_at };
  if (change) await sql.raw(`update notification set ${change} where id = ${id}`).execute(query(db.orm.em));
  return seen;
}

for (const { name, change, moves } of CHANGES) {
  test(`claim: ${name}`, async () => {
    const seen = await seenThenChanged(change);
    const claimed = await markSending(db.orm.em.fork(), [{ seen, channel: 'email' }]);
    assert.is(claimed.has(seen.id), moves);
  });
  test(`unsent: ${name}`, async () => {
    const seen = await seenThenChanged(change);
    assert.is(await markUnsent(db.orm.em.fork(), seen, 'skipped', 'opted out'), moves);
    assert.is((await notificationRow(db.orm, seen.id)).status === 'skipped', moves);
  });
}

test.run();
