/** Recording a meter reading: the docs/rules.md#meters-and-readings checks against the meter's recent history, and the alert for a flagged one. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { NotFound } from '../common/errors.js';
import { db } from '../common/database.js';
import { checkReading, type ReadingFacts, type ReadingFlag } from './reading-checks.js';
import { enqueueNotification } from '../notifications/notifications.js';

/** Where a reading came from: staff entry, field device, an order's completion, the portal, the nightly estimate, or a meter exchange. */
export type ReadingSource = 'manual' | 'field' | 'service_order' | 'customer' | 'estimated' | 'exchange';

/** A reading's source as the pages and the API show it (docs/api.md): staff, field and order readings are all `actual`. */
export type ReadingSourceShown = 'actual' | 'estimated' | 'customer' | 'exchange';

export function shownSource(source: string): ReadingSourceShown {
  return source === 'estimated' || source === 'customer' || source === 'exchange' ? source : 'actual';
}

export interface NewReadingInput {
  meterNumber: string;
  readAt: string; // YYYY-MM-DD
  value: number;
  source: ReadingSource;
  meterReplaced?: boolean;
  createdBy: number | null;
}

export interface RecordedReading {
  id: number;
  source: ReadingSource;
  meterId: number;
  meterNumber: string;
  accountId: number;
  accountNumber: string;
  readAt: string;
  value: number;
  consumption: number | null;
  verificationStatus: 'pending' | 'verified';
  flags: ReadingFlag[];
  meterReplaced: boolean;
  /** The meter's estimates this actual reading replaced (docs/rules.md#estimated-readings). */
  supersededEstimateIds: number[];
}

/**
 * An actual reading replaces the meter's open estimates: they stay for history, marked
 * superseded by it, and leave consumption (theirs becomes null), since the actual reading's
 * consumption is measured from the last actual one and already covers their days.
 */
async function supersedeEstimates(em: EntityManager, meterId: number, readingId: number): Promise<number[]> {
  const rows = await db(em).updateTable('reading').set({ superseded_by_id: readingId, consumption: null })
    .where('meter_id', '=', meterId).where('source', '=', 'estimated').where('superseded_by_id', 'is', null).where('id', '<>', readingId)
    .returning(['id', 'consumption']).execute();
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** The meter and the account its open assignment serves. */
async function meterWithAccount(em: EntityManager, meterNumber: string) {
  const meter = await db(em).selectFrom('meter')
    .leftJoin('meter_assignment', (join) => join.onRef('meter_assignment.meter_id', '=', 'meter.id').on('meter_assignment.unassigned_at', 'is', null))
    .leftJoin('service_connection', 'service_connection.id', 'meter_assignment.connection_id')
    .leftJoin('account', 'account.id', 'service_connection.account_id')
    .select(['meter.id as meter_id', 'service_connection.account_id', 'account.account_number', 'account.status as account_status'])
    .where('meter.meter_number', '=', meterNumber)
    .executeTakeFirst();
  if (!meter) throw new NotFound('Meter', meterNumber);
  return meter;
}

/**
 * The meter's latest 13 non-rejected actual readings, oldest first: enough for every docs/rules.md#meters-and-readings
 * check. Estimates are left out: an actual reading is measured from the last actual one (docs/rules.md#estimated-readings).
 */
async function recentHistory(em: EntityManager, meterId: number): Promise<ReadingFacts[]> {
  const rows = await db(em).selectFrom('reading')
    .select(['id', 'read_at', 'value', 'verification_status', 'meter_replaced'])
    .where('meter_id', '=', meterId).where('verification_status', '<>', 'rejected').where('source', '<>', 'estimated')
    .orderBy('read_at', 'desc').orderBy('id', 'desc').limit(13)
    .execute();
  return rows.reverse().map((r) => ({
    id: String(r.id), readAt: new Date(`${r.read_at}T00:00:00Z`), value: r.value,
    verificationStatus: r.verification_status, meterReplaced: r.meter_replaced,
  }));
}

/**
 * Records a reading through the checks of docs/rules.md#meters-and-readings, in the caller's transaction. A
 * flagged reading stays `pending` for an agent and queues the "anomalous reading"
 * notification; an unflagged one is accepted as `verified`.
 */
export async function recordReading(em: EntityManager, input: NewReadingInput): Promise<RecordedReading> {
  const meter = await meterWithAccount(em, input.meterNumber);
  if (!meter.account_id || meter.account_number === null) throw new NotFound('An open assignment of meter', input.meterNumber);
  const history = await recentHistory(em, meter.meter_id);
  const check = checkReading(
    { readAt: new Date(`${input.readAt}T00:00:00Z`), value: input.value, meterReplaced: input.meterReplaced },
    history,
    { accountActive: meter.account_status === 'active' },
  );
  const status = check.flags.length ? 'pending' : 'verified';
  const { id } = await db(em).insertInto('reading')
    .values({
      meter_id: meter.meter_id, account_id: meter.account_id, read_at: input.readAt, value: input.value, consumption: check.consumption,
      verification_status: status, flags: check.flags, source: input.source, meter_replaced: input.meterReplaced ?? false,
      created_by_id: input.createdBy, created_at: sql<Date>`now()`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const supersededEstimateIds = input.source === 'estimated' ? [] : await supersedeEstimates(em, meter.meter_id, id);
  if (check.flags.length) {
    await enqueueNotification(em, {
      accountId: meter.account_id, event: 'anomalous_reading', idempotencyKey: `anomalous_reading:${id}`,
      payload: { meterNumber: input.meterNumber, readAt: input.readAt, value: input.value, flags: check.flags },
    });
  }
  return {
    id, source: input.source, meterId: meter.meter_id, meterNumber: input.meterNumber, accountId: meter.account_id, accountNumber: meter.account_number,
    readAt: input.readAt, value: input.value, consumption: check.consumption, verificationStatus: status, flags: check.flags,
    meterReplaced: input.meterReplaced ?? false, supersededEstimateIds,
  };
}
