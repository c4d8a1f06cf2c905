/**
 * An agent's part in meter readings (docs/rules.md#meters-and-readings): entering a reading, verifying or rejecting a
 * pending one (once), and turning a flagged one into an inspection order in one step.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { ServiceOrderPriority } from '../common/enums.js';
import { Conflict, Invalid, NotFound } from '../common/errors.js';
import { consumptionSince, READING_FLAG_LABELS } from './reading-checks.js';
import { audit } from '../audit/audit.js';
import type { ReadingItem } from './profile-connections.js';
import { planReading, shownSource, writeReading, type RecordedReading } from './readings.js';
import { createServiceOrder, type CreatedOrder } from '../service-orders/service-orders.js';
import type { Actor } from '../common/actor.js';
import { isoDay, utilityIsoDay } from '../common/calendar.js';
import { db } from '../common/database.js';

export interface AccountReading extends ReadingItem { accountNumber: string; meterReplaced: boolean }
type LocatedReading = AccountReading & { meterId: number };

const auditShape = (r: AccountReading) => ({ ...r, readAt: isoDay(r.readAt) });

/** A reading; with `ofAccount`, one of another account is not found. */
export async function getReading(em: EntityManager, id: number, lock = false, ofAccount?: string): Promise<LocatedReading> {
  const r = await db(em).selectFrom('reading')
    .innerJoin('meter', 'meter.id', 'reading.meter_id')
    .innerJoin('account', 'account.id', 'reading.account_id')
    .select([
      'reading.id', 'meter.meter_number', 'account.account_number', 'reading.read_at', 'reading.value', 'reading.consumption',
      'reading.verification_status', 'reading.flags', 'reading.meter_replaced', 'reading.meter_id', 'reading.source', 'reading.superseded_by_id',
    ])
    .where('reading.id', '=', id)
    .$if(lock, (qb) => qb.forUpdate('reading'))
    .executeTakeFirst();
  if (!r || (ofAccount && r.account_number !== ofAccount)) throw new NotFound('Reading', String(id));
  return {
    id: r.id, meterNumber: r.meter_number, accountNumber: r.account_number, readAt: new Date(r.read_at), value: r.value,
    consumption: r.consumption, verificationStatus: r.verification_status, flags: r.flags ?? [], meterReplaced: r.meter_replaced,
    meterId: r.meter_id, source: shownSource(r.source), supersededBy: r.superseded_by_id,
  };
}

/** The reading just recorded, as `getReading` would read it back. */
function located(r: Omit<RecordedReading, 'supersededEstimateIds'>): LocatedReading {
  return {
    id: r.id, meterNumber: r.meterNumber, accountNumber: r.accountNumber, readAt: new Date(r.readAt), value: r.value,
    consumption: r.consumption, verificationStatus: r.verificationStatus, flags: r.flags, meterReplaced: r.meterReplaced,
    meterId: r.meterId, source: shownSource(r.source), supersededBy: null,
  };
}

export interface ReadingEntry { readAt: string; value: number }

/**
 * The checks of a reading's own values, wherever it is entered (here, or on completing a
 * meter-reading order); `readAt` and "today" are the utility's local days (`timeZone`).
 */
export function assertReadingEntry(entry: ReadingEntry, timeZone: string, fieldPrefix = ''): void {
  if (entry.readAt > utilityIsoDay(new Date(), timeZone)) throw new Invalid('A reading cannot be dated in the future.', { [`${fieldPrefix}readAt`]: 'in the future' });
  if (!Number.isSafeInteger(entry.value) || entry.value < 0) throw new Invalid('A register value is a whole number, 0 or more.', { [`${fieldPrefix}value`]: 'a whole number, 0 or more' });
}

/**
 * Enters a reading on a meter (the checks run in `planReading`); with `accountNumber`, the meter must serve that account now.
 * `entry.readAt` is the utility's local day; so is "today" (`timeZone`), which it may not be after. The reading, its
 * notification and its audit row are written as one statement (`writeReading`), so no transaction is opened for them.
 */
export async function enterReading(
  em: EntityManager, meterNumber: string, entry: ReadingEntry, actor: Actor, timeZone: string, accountNumber?: string,
): Promise<AccountReading> {
  assertReadingEntry(entry, timeZone);
  const plan = await planReading(em, { meterNumber: meterNumber.trim().toUpperCase(), readAt: entry.readAt, value: entry.value, source: 'manual', createdBy: actor.userId });
  const reading = located(plan);
  if (accountNumber && reading.accountNumber !== accountNumber) throw new NotFound(`Meter ${reading.meterNumber} on account`, accountNumber);
  await writeReading(em, plan, {
    userId: actor.userId, userName: actor.name, action: 'reading.create', entity: 'reading', entityId: String(reading.id), after: auditShape(reading),
  });
  return reading;
}

/**
 * A rejected reading stops being anyone's "previous" (docs/rules.md#meters-and-readings), so the meter's next
 * reading gets its consumption again from the last reading before the rejected one.
 */
async function remeasureNext(em: EntityManager, rejected: LocatedReading): Promise<void> {
  const around = (op: '>' | '<', order: 'asc' | 'desc') => db(em).selectFrom('reading')
    .select(['id', 'read_at', 'value', 'meter_replaced'])
    .where('meter_id', '=', rejected.meterId).where('id', '<>', rejected.id).where('source', '<>', 'estimated')
    .where('verification_status', '<>', 'rejected').where('read_at', op, isoDay(rejected.readAt))
    .orderBy('read_at', order).orderBy('id', order).limit(1)
    .executeTakeFirst();
  const [next, prev] = await Promise.all([around('>', 'asc'), around('<', 'desc')]);
  if (!next) return;
  const consumption = consumptionSince(prev ? { value: prev.value } : null,
    { readAt: new Date(next.read_at), value: next.value, meterReplaced: next.meter_replaced });
  await db(em).updateTable('reading').set({ consumption }).where('id', '=', next.id).execute();
}

/** Verifies or rejects a pending reading; anything already decided is a 409 with its status. */
export async function decideReading(em: EntityManager, id: number, decision: 'verified' | 'rejected', actor: Actor, ofAccount?: string): Promise<AccountReading> {
  return em.transactional(async (tx) => {
    const before = await getReading(tx, id, true, ofAccount);
    if (before.verificationStatus !== 'pending') {
      throw new Conflict(`Reading ${id} is already ${before.verificationStatus}.`, { currentStatus: before.verificationStatus });
    }
    // A rejected reading leaves consumption and averages.
    const consumption = decision === 'rejected' ? null : before.consumption;
    await db(tx).updateTable('reading')
      .set({ verification_status: decision, verified_by_id: actor.userId, verified_at: sql<Date>`now()`, consumption })
      .where('id', '=', id)
      .execute();
    if (decision === 'rejected') await remeasureNext(tx, before);
    const after: LocatedReading = { ...before, consumption, verificationStatus: decision };
    await audit(tx, {
      userId: actor.userId, userName: actor.name, action: `reading.${decision === 'verified' ? 'verify' : 'reject'}`, entity: 'reading',
      entityId: String(id), before: auditShape(before), after: auditShape(after),
    });
    return after;
  });
}

function inspectionDescription(r: AccountReading): string {
  const why = r.flags.map((f) => READING_FLAG_LABELS[f]).join('; ');
  return `Inspect meter ${r.meterNumber}: reading ${r.value.toLocaleString('en-US')} on ${isoDay(r.readAt)} (reading #${r.id}) was flagged: ${why}.`;
}

/**
 * One click from a flagged, still pending reading to an inspection order that names it.
 * The reading row is locked meanwhile, so a double click makes one order, not two.
 */
export async function orderInspection(
  em: EntityManager, id: number, actor: Actor, options: { priority?: ServiceOrderPriority; ofAccount?: string; timeZone: string },
): Promise<CreatedOrder> {
  return em.transactional(async (tx) => {
    const reading = await getReading(tx, id, true, options.ofAccount);
    if (!reading.flags.length) throw new Conflict(`Reading ${id} is not flagged; there is nothing to inspect.`, { reason: 'not_flagged' });
    if (reading.verificationStatus !== 'pending') throw new Conflict(`Reading ${id} is already ${reading.verificationStatus}.`, { currentStatus: reading.verificationStatus });
    const open = await db(tx).selectFrom('service_order').select('order_number')
      .where('source_reading_id', '=', id).where('type', '=', 'inspection').where('status', 'not in', ['completed', 'cancelled'])
      .limit(1).executeTakeFirst();
    if (open) throw new Conflict(`Inspection order ${open.order_number} is already open for reading ${id}.`, { reason: 'duplicate', orderNumber: open.order_number });
    return createServiceOrder(tx, { accountNumber: reading.accountNumber, type: 'inspection', description: inspectionDescription(reading), priority: options.priority ?? 'normal', sourceReadingId: id }, actor, options.timeZone);
  });
}
