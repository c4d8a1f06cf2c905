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

type HistoryRow = [number, string, number, ReadingFacts['verificationStatus'], boolean];

/**
 * In one statement: the meter, the account its open assignment serves, whether it has open estimates, and its latest
 * 13 non-rejected actual readings, oldest first: enough for every docs/rules.md#meters-and-readings check. Estimates
 * are left out of the history: an actual reading is measured from the last actual one (docs/rules.md#estimated-readings).
 */
async function meterWithHistory(em: EntityManager, meterNumber: string) {
  const { rows: [meter] } = await sql<{ meter_id: number; account_id: number | null; account_number: string | null; account_status: string | null; open_estimates: boolean; history: HistoryRow[] }>`
    select m.id as meter_id, sc.account_id, a.account_number, a.status as account_status,
      exists (select 1 from reading e where e.meter_id = m.id and e.source = 'estimated' and e.superseded_by_id is null) as open_estimates,
      (select coalesce(json_agg(json_build_array(h.id, h.read_at, h.value, h.verification_status, h.meter_replaced) order by h.read_at, h.id), '[]')
         from (select r.id, r.read_at, r.value, r.verification_status, r.meter_replaced from reading r
                where r.meter_id = m.id and r.verification_status <> 'rejected' and r.source <> 'estimated'
                order by r.read_at desc, r.id desc limit 13) h) as history
    from meter m
    left join meter_assignment ma on ma.meter_id = m.id and ma.unassigned_at is null
    left join service_connection sc on sc.id = ma.connection_id
    left join account a on a.id = sc.account_id
    where m.meter_number = ${meterNumber}`.execute(db(em));
  if (!meter) throw new NotFound('Meter', meterNumber);
  const history: ReadingFacts[] = meter.history.map(([id, readAt, value, verificationStatus, meterReplaced]) => ({
    id: String(id), readAt: new Date(`${readAt}T00:00:00Z`), value, verificationStatus, meterReplaced,
  }));
  return { ...meter, history };
}

/**
 * Records a reading through the checks of docs/rules.md#meters-and-readings, in the caller's transaction. A
 * flagged reading stays `pending` for an agent and queues the "anomalous reading"
 * notification; an unflagged one is accepted as `verified`.
 */
export async function recordReading(em: EntityManager, input: NewReadingInput): Promise<RecordedReading> {
  const meter = await meterWithHistory(em, input.meterNumber);
  if (!meter.account_id || meter.account_number === null) throw new NotFound('An open assignment of meter', input.meterNumber);
  const check = checkReading(
    { readAt: new Date(`${input.readAt}T00:00:00Z`), value: input.value, meterReplaced: input.meterReplaced },
    meter.history,
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
  // Most meters have no open estimate: the update is skipped then (the read above said so).
  const supersededEstimateIds = input.source === 'estimated' || !meter.open_estimates ? [] : await supersedeEstimates(em, meter.meter_id, id);
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
