/**
 * An agent's part in meter readings (SPEC §9): entering a reading (the checks run in
 * `recordReading`), verifying or rejecting a pending one, and turning a flagged one into
 * an inspection order in one step. Only a pending reading can be decided, once.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReadingFlag, ServiceOrderPriority, VerificationStatus } from '../shared/enums.js';
import { Conflict, Invalid, NotFound } from '../shared/errors.js';
import { consumptionSince, READING_FLAG_LABELS } from './reading-checks.js';
import { audit } from '../audit/audit.js';
import type { ReadingItem } from './profile-connections.js';
import { recordReading } from './readings.js';
import { createServiceOrder, type Actor, type CreatedOrder } from '../service-orders/service-orders.js';
import { asDate, asInt, asIntOrNull, sqlDay } from '../shared/sql-values.js';
import { txSql } from '../shared/tx-sql.js';

export interface AccountReading extends ReadingItem { accountNumber: string; meterReplaced: boolean }

const READING_SQL = `select r.id, m.meter_number, a.account_number, to_char(r.read_at, 'YYYY-MM-DD') as read_at, r.value, r.consumption,
         r.verification_status, r.flags, r.meter_replaced, r.meter_id
    from reading r join meter m on m.id = r.meter_id join account a on a.id = r.account_id where r.id = ?`;

function toReading(r: Record<string, unknown>): AccountReading {
  return {
    id: asInt(r.id), meterNumber: String(r.meter_number), accountNumber: String(r.account_number), readAt: asDate(r.read_at),
    value: asInt(r.value), consumption: asIntOrNull(r.consumption), verificationStatus: r.verification_status as VerificationStatus,
    flags: (r.flags as ReadingFlag[] | null) ?? [], meterReplaced: Boolean(r.meter_replaced),
  };
}

const auditShape = (r: AccountReading) => ({ ...r, readAt: sqlDay(r.readAt) });

/** A reading; with `ofAccount`, one of another account is not found. */
export async function getReading(em: EntityManager, id: number, lock = false, ofAccount?: string): Promise<AccountReading & { meterId: number }> {
  const rows = await txSql(em)(`${READING_SQL}${lock ? ' for update of r' : ''}`, [id]);
  if (!rows.length || (ofAccount && rows[0].account_number !== ofAccount)) throw new NotFound('Reading', String(id));
  return { ...toReading(rows[0]), meterId: asInt(rows[0].meter_id) };
}

export interface ReadingEntry { readAt: string; value: number }

/** Enters a reading on a meter; with `accountNumber`, the meter must serve that account now. */
export async function enterReading(em: EntityManager, meterNumber: string, entry: ReadingEntry, actor: Actor, accountNumber?: string): Promise<AccountReading> {
  if (entry.readAt > sqlDay(new Date())) throw new Invalid('A reading cannot be dated in the future.', { readAt: 'in the future' });
  if (!Number.isSafeInteger(entry.value) || entry.value < 0) throw new Invalid('A register value is a whole number, 0 or more.', { value: 'a whole number, 0 or more' });
  return em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const recorded = await recordReading(t, { meterNumber: meterNumber.trim().toUpperCase(), readAt: entry.readAt, value: entry.value, source: 'manual', createdBy: actor.userId });
    const reading = await getReading(t, recorded.id);
    if (accountNumber && reading.accountNumber !== accountNumber) throw new NotFound(`Meter ${reading.meterNumber} on account`, accountNumber);
    await audit(t, { userId: actor.userId, userName: actor.name, action: 'reading.create', entity: 'reading', entityId: String(reading.id), after: auditShape(reading) });
    return reading;
  });
}

/**
 * A rejected reading stops being anyone's "previous" (SPEC §9), so the meter's next
 * reading gets its consumption again from the last reading before the rejected one.
 */
async function remeasureNext(em: EntityManager, rejected: AccountReading & { meterId: number }): Promise<void> {
  const sql = txSql(em);
  const around = (op: string, order: string) => sql<{ id: number; read_at: string; value: unknown; meter_replaced: boolean }>(
    `select id, to_char(read_at, 'YYYY-MM-DD') as read_at, value, meter_replaced from reading
      where meter_id = ? and id <> ? and verification_status <> 'rejected' and read_at ${op} ?
      order by read_at ${order}, id ${order} limit 1`, [rejected.meterId, rejected.id, sqlDay(rejected.readAt)]);
  const [[next], [prev]] = await Promise.all([around('>', 'asc'), around('<', 'desc')]);
  if (!next) return;
  const consumption = consumptionSince(prev ? { value: asInt(prev.value) } : null,
    { readAt: asDate(next.read_at), value: asInt(next.value), meterReplaced: next.meter_replaced });
  await sql('update reading set consumption = ? where id = ?', [consumption, next.id]);
}

/** Verifies or rejects a pending reading; anything already decided is a 409 with its status. */
export async function decideReading(em: EntityManager, id: number, decision: 'verified' | 'rejected', actor: Actor, ofAccount?: string): Promise<AccountReading> {
  return em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const before = await getReading(t, id, true, ofAccount);
    if (before.verificationStatus !== 'pending') {
      throw new Conflict(`Reading ${id} is already ${before.verificationStatus}.`, { currentStatus: before.verificationStatus });
    }
    await txSql(t)(
      `update reading set verification_status = ?, verified_by_id = ?, verified_at = now(), consumption = case when ? then null else consumption end where id = ?`,
      [decision, actor.userId, decision === 'rejected', id]);
    if (decision === 'rejected') await remeasureNext(t, before);
    const after = await getReading(t, id);
    await audit(t, {
      userId: actor.userId, userName: actor.name, action: `reading.${decision === 'verified' ? 'verify' : 'reject'}`, entity: 'reading',
      entityId: String(id), before: auditShape(before), after: auditShape(after),
    });
    return after;
  });
}

function inspectionDescription(r: AccountReading): string {
  const why = r.flags.map((f) => READING_FLAG_LABELS[f]).join('; ');
  return `Inspect meter ${r.meterNumber}: reading ${r.value.toLocaleString('en-US')} on ${sqlDay(r.readAt)} (reading #${r.id}) was flagged: ${why}.`;
}

/**
 * One click from a flagged, still pending reading to an inspection order that names it.
 * The reading row is locked meanwhile, so a double click makes one order, not two.
 */
export async function orderInspection(
  em: EntityManager, id: number, actor: Actor, options: { priority?: ServiceOrderPriority; ofAccount?: string } = {},
): Promise<CreatedOrder> {
  return em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const reading = await getReading(t, id, true, options.ofAccount);
    if (!reading.flags.length) throw new Conflict(`Reading ${id} is not flagged; there is nothing to inspect.`, { reason: 'not_flagged' });
    if (reading.verificationStatus !== 'pending') throw new Conflict(`Reading ${id} is already ${reading.verificationStatus}.`, { currentStatus: reading.verificationStatus });
    const open = await txSql(t)<{ order_number: string }>(
      `select order_number from service_order where source_reading_id = ? and type = 'inspection' and status not in ('completed', 'cancelled') limit 1`, [id]);
    if (open.length) throw new Conflict(`Inspection order ${open[0].order_number} is already open for reading ${id}.`, { reason: 'duplicate', orderNumber: open[0].order_number });
    return createServiceOrder(t, { accountNumber: reading.accountNumber, type: 'inspection', description: inspectionDescription(reading), priority: options.priority ?? 'normal', sourceReadingId: id }, actor);
  });
}
