/**
 * A consumer's own meter reading (docs/rules.md#self-service-portal): the same checks as an agent's
 * entry (docs/rules.md#meters-and-readings), recorded with the source `customer`. An unflagged
 * reading counts at once; a flagged one stays pending until an agent verifies or rejects it.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import { Invalid, NotFound } from '../common/errors.js';
import type { ReadingItem } from '../readings/profile-connections.js';
import { assertReadingEntry } from '../readings/reading-verification.js';
import { planReading, shownSource, writeReading } from '../readings/readings.js';

export interface ConsumerReading { readAt: string; value: number; meterNumber?: string }

/** The meters serving the account now, by number: the only ones its consumer may read. */
export async function currentMeters(em: EntityManager, accountId: number): Promise<string[]> {
  const rows = await db(em).selectFrom('service_connection')
    .innerJoin('meter_assignment', 'meter_assignment.connection_id', 'service_connection.id')
    .innerJoin('meter', 'meter.id', 'meter_assignment.meter_id')
    .select('meter.meter_number')
    .where('service_connection.account_id', '=', accountId).where('meter_assignment.unassigned_at', 'is', null)
    .orderBy('meter.meter_number').execute();
  return rows.map((r) => r.meter_number);
}

/** The meter the reading is for: the one named (it must serve the account: 404 otherwise), or the account's only one. */
function meterFor(meters: string[], named: string | undefined): string {
  if (named) {
    const meter = meters.find((m) => m === named.trim().toUpperCase());
    if (!meter) throw new NotFound('Meter', named);
    return meter;
  }
  if (meters.length === 1) return meters[0];
  if (!meters.length) throw new Invalid('Your account has no meter to read; call us if you think it should.', { meterNumber: 'no meter on your account' });
  throw new Invalid('Your account has several meters: pick the one you read.', { meterNumber: 'pick a meter' });
}

/**
 * Records the consumer's reading on their account's meter with its audit row, both in one statement
 * (`writeReading`); `readAt` is a utility-local day.
 */
export async function submitReading(
  em: EntityManager, accountId: number, entry: ConsumerReading, actor: Actor, timeZone: string,
): Promise<ReadingItem> {
  assertReadingEntry(entry, timeZone);
  const meterNumber = meterFor(await currentMeters(em, accountId), entry.meterNumber);
  const r = await planReading(em, { meterNumber, readAt: entry.readAt, value: entry.value, source: 'customer', createdBy: actor.userId });
  // The meter was looked up first: if it moved to another account meanwhile, nothing is written.
  if (r.accountId !== accountId) throw new NotFound('Meter', meterNumber);
  await writeReading(em, r, {
    userId: actor.userId, userName: actor.name, action: 'reading.submit', entity: 'reading', entityId: String(r.id),
    after: { accountNumber: r.accountNumber, meterNumber, readAt: r.readAt, value: r.value, source: 'customer', verificationStatus: r.verificationStatus, flags: r.flags },
  });
  return {
    id: r.id, meterNumber, readAt: new Date(`${r.readAt}T00:00:00Z`), value: r.value, consumption: r.consumption,
    verificationStatus: r.verificationStatus, flags: r.flags, source: shownSource('customer'), supersededBy: null,
  };
}

/** One of the account's readings; another account's is not found, as an unknown one is. */
export async function ownReading(em: EntityManager, accountId: number, id: number): Promise<ReadingItem> {
  const r = await db(em).selectFrom('reading').innerJoin('meter', 'meter.id', 'reading.meter_id')
    .select(['reading.id', 'meter.meter_number', 'reading.read_at', 'reading.value', 'reading.consumption', 'reading.verification_status', 'reading.flags',
      'reading.account_id', 'reading.source', 'reading.superseded_by_id'])
    .where('reading.id', '=', id).executeTakeFirst();
  if (!r || r.account_id !== accountId) throw new NotFound('Reading', String(id));
  return {
    id: r.id, meterNumber: r.meter_number, readAt: new Date(`${r.read_at}T00:00:00Z`), value: r.value, consumption: r.consumption,
    verificationStatus: r.verification_status, flags: r.flags ?? [], source: shownSource(r.source), supersededBy: r.superseded_by_id,
  };
}
