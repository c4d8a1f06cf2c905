/** Recording a meter reading: the docs/rules.md#meters-and-readings checks against the meter's recent history, and the alert for a flagged one. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { NotFound } from '../common/errors.js';
import { db, type Db } from '../common/database.js';
import { compilableSql, preparedQuery } from '../common/prepared-query.js';
import { checkReading, type ReadingFacts, type ReadingFlag } from './reading-checks.js';
import { notificationWrites } from '../notifications/notifications.js';
import { auditRow, type AuditEntry } from '../audit/audit.js';
import { writesTogether, type NamedWrite } from '../common/writes-together.js';

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

/** A reading checked and ready to write: its id is already taken from the sequence, so every write can name it. */
export interface PlannedReading {
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
  createdBy: number | null;
  /** Whether the meter had open estimates when it was read: an actual reading supersedes them. */
  supersedes: boolean;
}

export interface RecordedReading extends Omit<PlannedReading, 'supersedes' | 'createdBy'> {
  /** The meter's estimates this actual reading replaced (docs/rules.md#estimated-readings). */
  supersededEstimateIds: number[];
}

type HistoryRow = [number, string, number, ReadingFacts['verificationStatus'], boolean];

type MeterRow = {
  meter_id: number; account_id: number | null; account_number: string | null; account_status: string | null;
  open_estimates: boolean; history: HistoryRow[]; reading_id: number;
};

/**
 * In one statement: the meter, the account its open assignment serves, whether it has open estimates, its latest
 * 13 non-rejected actual readings, oldest first (enough for every docs/rules.md#meters-and-readings check), and the
 * new reading's id. Estimates are left out of the history: an actual reading is measured from the last actual one
 * (docs/rules.md#estimated-readings). Kept prepared (domain/common/prepared-query.ts): planning it took ~1.4 ms of
 * PostgreSQL's CPU on every reading, more than running it (pg_stat_statements at 1,000,000 accounts under load).
 */
const meterRow = preparedQuery(1, (q: Db, meterNumber: string) => {
  const query = sql<MeterRow>`
    select m.id as meter_id, sc.account_id, a.account_number, a.status as account_status,
      exists (select 1 from reading e where e.meter_id = m.id and e.source = 'estimated' and e.superseded_by_id is null) as open_estimates,
      (select coalesce(json_agg(json_build_array(h.id, h.read_at, h.value, h.verification_status, h.meter_replaced) order by h.read_at, h.id), '[]')
         from (select r.id, r.read_at, r.value, r.verification_status, r.meter_replaced from reading r
                where r.meter_id = m.id and r.verification_status <> 'rejected' and r.source <> 'estimated'
                order by r.read_at desc, r.id desc limit 13) h) as history,
      nextval('reading_id_seq')::int as reading_id
    from meter m
    left join meter_assignment ma on ma.meter_id = m.id and ma.unassigned_at is null
    left join service_connection sc on sc.id = ma.connection_id
    left join account a on a.id = sc.account_id
    where m.meter_number = ${meterNumber}`;
  return compilableSql(q, query);
});

async function meterWithHistory(em: EntityManager, meterNumber: string) {
  const [meter] = await meterRow(em, meterNumber);
  if (!meter) throw new NotFound('Meter', meterNumber);
  const history: ReadingFacts[] = meter.history.map(([id, readAt, value, verificationStatus, meterReplaced]) => ({
    id: String(id), readAt: new Date(`${readAt}T00:00:00Z`), value, verificationStatus, meterReplaced,
  }));
  return { ...meter, history };
}

/**
 * Reads the meter and its history and runs the docs/rules.md#meters-and-readings checks: a flagged reading will
 * stay `pending` for an agent, an unflagged one is `verified`. Nothing is written yet (`writeReading` does).
 */
export async function planReading(em: EntityManager, input: NewReadingInput): Promise<PlannedReading> {
  const meter = await meterWithHistory(em, input.meterNumber);
  if (!meter.account_id || meter.account_number === null) throw new NotFound('An open assignment of meter', input.meterNumber);
  const check = checkReading(
    { readAt: new Date(`${input.readAt}T00:00:00Z`), value: input.value, meterReplaced: input.meterReplaced },
    meter.history,
    { accountActive: meter.account_status === 'active' },
  );
  return {
    id: meter.reading_id, source: input.source, meterId: meter.meter_id, meterNumber: input.meterNumber, accountId: meter.account_id,
    accountNumber: meter.account_number, readAt: input.readAt, value: input.value, consumption: check.consumption,
    verificationStatus: check.flags.length ? 'pending' : 'verified', flags: check.flags, meterReplaced: input.meterReplaced ?? false,
    createdBy: input.createdBy, supersedes: input.source !== 'estimated' && meter.open_estimates,
  };
}

/**
 * Writes a planned reading as one statement (domain/common/writes-together.ts), so it needs no transaction of its
 * own: the reading; the meter's open estimates marked superseded by it (an actual reading replaces them: they stay
 * for history and leave consumption, since the actual reading's consumption is measured from the last actual one
 * and already covers their days); for a flagged one, the "anomalous reading" notification; and `entry`, the
 * caller's audit row, whose `after` names the superseded estimates when there were any.
 */
export async function writeReading(em: EntityManager, plan: PlannedReading, entry?: AuditEntry): Promise<RecordedReading> {
  const q = db(em);
  const writes: NamedWrite[] = [['new_reading', q.insertInto('reading').values({
    id: plan.id, meter_id: plan.meterId, account_id: plan.accountId, read_at: plan.readAt, value: plan.value, consumption: plan.consumption,
    verification_status: plan.verificationStatus, flags: plan.flags, source: plan.source, meter_replaced: plan.meterReplaced,
    created_by_id: plan.createdBy, created_at: sql<Date>`now()`,
  })]];
  // Most meters have no open estimate: the update is left out then (the read said so).
  if (plan.supersedes) {
    writes.push(['superseded', q.updateTable('reading').set({ superseded_by_id: plan.id, consumption: null })
      .where('meter_id', '=', plan.meterId).where('source', '=', 'estimated').where('superseded_by_id', 'is', null).where('id', '<>', plan.id)
      .returning('id')]);
  }
  if (plan.flags.length) {
    writes.push(...notificationWrites(q, {
      accountId: plan.accountId, event: 'anomalous_reading', idempotencyKey: `anomalous_reading:${plan.id}`,
      payload: { meterNumber: plan.meterNumber, readAt: plan.readAt, value: plan.value, flags: plan.flags },
    }));
  }
  const superseded = plan.supersedes ? sql`(select array_agg(id order by id) from superseded)` : sql`null::int[]`;
  if (entry) {
    // The estimates named are the ones the update marked (none: the key is stripped with its null).
    const after = plan.supersedes
      ? sql<Record<string, unknown>>`${JSON.stringify(entry.after ?? {})}::jsonb || jsonb_strip_nulls(jsonb_build_object('supersededEstimates', ${superseded}))`
      : entry.after ?? null;
    writes.push(['audit', q.insertInto('audit_log').values({ ...auditRow(entry), after })]);
  }
  const { rows: [written] } = await writesTogether<{ superseded: number[] | null }>(writes, sql`select ${superseded} as superseded`).execute(q);
  const { supersedes: _supersedes, createdBy: _createdBy, ...recorded } = plan;
  return { ...recorded, supersededEstimateIds: written.superseded ?? [] };
}

/** Records a reading (checks, then its writes) in the caller's transaction; the callers that audit it use the two steps. */
export async function recordReading(em: EntityManager, input: NewReadingInput): Promise<RecordedReading> {
  return writeReading(em, await planReading(em, input));
}
