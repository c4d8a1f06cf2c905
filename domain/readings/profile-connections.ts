/** The Connections tab (docs/rules.md#consumer-profile, docs/rules.md#meters-and-readings): meters with their last reading, readings, the consumption trend. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type Selectable } from 'kysely';
import type { MeterReadingStatus, ReadingFlag, VerificationStatus } from '../common/enums.js';
import type { Database } from '../common/database.js';
import { NotFound } from '../common/errors.js';
import { addMonths, isoDay, utilityDate } from '../common/calendar.js';
import { db } from '../common/database.js';
import { fetchPage, type Page, type PageRequest } from '../common/paging.js';
import { shownSource, type ReadingSourceShown } from './readings.js';
import { billSpans, monthlySeries, type MarkedSpan, type MonthOfConsumption } from './consumption-months.js';
import { dayNumberOf, fromDayNumber } from '../common/sql-values.js';

export interface MeterItem {
  meterNumber: string;
  deviceNumber: string;
  type: string;
  model: string;
  unit: string;
  installedAt: Date;
  assignedAt: Date;
  /** Set once the meter was taken off this account's connection; the history is kept. */
  unassignedAt: Date | null;
  connectionAddress: string;
  readingStatus: MeterReadingStatus;
  lastReading: { value: number; readAt: Date } | null;
}

export interface ReadingItem {
  id: number;
  meterNumber: string;
  readAt: Date;
  value: number;
  consumption: number | null;
  verificationStatus: VerificationStatus;
  flags: ReadingFlag[];
  /** Where it came from (docs/rules.md#estimated-readings): estimates are shown in italics. */
  source: ReadingSourceShown;
  /** On an estimate replaced by an actual reading: that reading's id (the estimate is history, out of consumption). */
  supersededBy: number | null;
  /** The latest inspection order created from this reading, if any (the profile links to it instead of offering a new one). */
  inspectionOrder?: string | null;
}

/**
 * Consumption of one calendar month (YYYY-MM) of the chart, rejected readings left out; `flagged` when a reading
 * still to verify covers some of it, `estimated` when an estimate does (docs/rules.md#estimated-readings: italics).
 */
export type ConsumptionMonth = MonthOfConsumption;

export function listMeters(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<MeterItem>> {
  const assignments = db(em).selectFrom('service_connection')
    .innerJoin('meter_assignment', 'meter_assignment.connection_id', 'service_connection.id')
    .where('service_connection.account_id', '=', accountId);
  const meters = assignments
    .innerJoin('meter', 'meter.id', 'meter_assignment.meter_id')
    // The last reading is this account's: a meter moved elsewhere must not show the next customer's reading.
    .leftJoinLateral((eb) => eb.selectFrom('reading')
      .select(['reading.value', 'reading.read_at'])
      .whereRef('reading.meter_id', '=', 'meter.id').whereRef('reading.account_id', '=', 'service_connection.account_id')
      .where('reading.verification_status', '<>', 'rejected')
      .orderBy('reading.read_at', 'desc').orderBy('reading.id', 'desc').limit(1)
      .as('last_reading'), (join) => join.onTrue());
  // Each assignment has one meter and at most one last reading: counting the joined rows counts the assignments.
  const rows = meters.select([
      'meter.meter_number', 'meter.device_number', 'meter.type', 'meter.model', 'meter.unit', 'meter.installed_at', 'meter.reading_status',
      'meter_assignment.assigned_at', 'meter_assignment.unassigned_at', 'service_connection.address',
      'last_reading.value as last_value', 'last_reading.read_at as last_read_at',
    ])
    .orderBy(sql`meter_assignment.unassigned_at is null`, 'desc').orderBy('meter_assignment.assigned_at', 'desc').orderBy('meter_assignment.id', 'desc');
  return fetchPage(rows, meters.select((eb) => eb.fn.countAll<string>().as('total')), request, (r) => ({
    meterNumber: r.meter_number, deviceNumber: r.device_number, type: r.type, model: r.model, unit: r.unit,
    installedAt: new Date(r.installed_at), assignedAt: new Date(r.assigned_at),
    unassignedAt: r.unassigned_at === null ? null : new Date(r.unassigned_at), connectionAddress: r.address,
    readingStatus: r.reading_status,
    lastReading: r.last_read_at === null ? null : { value: Number(r.last_value), readAt: new Date(r.last_read_at) },
  }));
}

const READING_ITEM_COLUMNS = [
  'reading.id', 'meter.meter_number', 'reading.read_at', 'reading.value', 'reading.consumption', 'reading.verification_status', 'reading.flags',
  'reading.source', 'reading.superseded_by_id',
] as const;

type ReadingColumns = Pick<Selectable<Database['reading']>,
  'id' | 'read_at' | 'value' | 'consumption' | 'verification_status' | 'flags' | 'source' | 'superseded_by_id'>;

function toReading(r: ReadingColumns & { meter_number: string; inspection_order: string | null }): ReadingItem {
  return {
    id: r.id, meterNumber: r.meter_number, readAt: new Date(r.read_at), value: r.value,
    consumption: r.consumption, verificationStatus: r.verification_status, flags: r.flags ?? [], inspectionOrder: r.inspection_order,
    source: shownSource(r.source), supersededBy: r.superseded_by_id,
  };
}

/** One page of readings, newest first, of the account or the meter. */
function pageOfReadings(em: EntityManager, of: 'account_id' | 'meter_id', id: number, request: PageRequest): Promise<Page<ReadingItem>> {
  const readings = db(em).selectFrom('reading').where(`reading.${of}`, '=', id);
  return fetchPage(
    readings.innerJoin('meter', 'meter.id', 'reading.meter_id').select(READING_ITEM_COLUMNS)
      .select((eb) => eb.selectFrom('service_order as so').select('so.order_number')
        .whereRef('so.source_reading_id', '=', 'reading.id').where('so.type', '=', 'inspection')
        .orderBy('so.id', 'desc').limit(1).as('inspection_order'))
      .orderBy('reading.read_at', 'desc').orderBy('reading.id', 'desc'),
    readings.select((eb) => eb.fn.countAll<string>().as('total')),
    request, toReading,
  );
}

export function listAccountReadings(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<ReadingItem>> {
  return pageOfReadings(em, 'account_id', accountId, request);
}

/** A meter's readings, newest first; NotFound for an unknown meter number (matched case-insensitively). */
export async function listMeterReadings(em: EntityManager, meterNumber: string, request: PageRequest): Promise<Page<ReadingItem>> {
  const meter = await db(em).selectFrom('meter').select('id').where('meter_number', '=', meterNumber.trim().toUpperCase()).executeTakeFirst();
  if (!meter) throw new NotFound('Meter', meterNumber);
  return pageOfReadings(em, 'meter_id', meter.id, request);
}


/**
 * The consumption chart over the trailing `months` months of asOf's local day (the utility's `timeZone`): per calendar
 * month, each reading's consumption spread over the days since the meter's previous reading (monthlySeries); an account
 * without readings of its own (billed from another system's reads) is drawn from its bills' usage over their periods.
 */
export async function consumptionTrend(em: EntityManager, accountId: number, asOf: Date, timeZone: string, months = 24): Promise<ConsumptionMonth[]> {
  const windowStart = isoDay(addMonths(utilityDate(asOf, timeZone), -months));
  const readings = await db(em).selectFrom((eb) => eb.selectFrom('reading')
    .select((r) => ['read_at', 'consumption', 'verification_status', 'flags', 'source',
      r.fn.agg<string | Date | null>('lag', ['read_at']).over((w) => w.partitionBy('meter_id').orderBy('read_at').orderBy('id')).as('previous_read_at')])
    // The previous reading is the one the consumption was measured from: rejected readings and replaced estimates are not.
    .where('account_id', '=', accountId).where('verification_status', '<>', 'rejected').where('superseded_by_id', 'is', null).as('r'))
    .select([dayNumberOf('r.read_at', 'read_at'), dayNumberOf('r.previous_read_at', 'previous_read_at'), 'r.consumption',
      sql<boolean>`r.verification_status = 'pending' and cardinality(r.flags) > 0`.as('flagged'), sql<boolean>`r.source = 'estimated'`.as('estimated')])
    .where('r.read_at', '>', windowStart).where('r.consumption', 'is not', null).where('r.previous_read_at', 'is not', null)
    .execute();
  const spans: MarkedSpan[] = readings.length
    ? readings.map((r) => ({ from: fromDayNumber(r.previous_read_at), to: fromDayNumber(r.read_at), amount: Number(r.consumption), flagged: r.flagged, estimated: r.estimated }))
    : (await billsOver(em, accountId, windowStart)).map((span) => ({ ...span, flagged: false, estimated: false }));
  return monthlySeries(spans, asOf, timeZone, months);
}

/** The account's bills ending after `windowStart`, as spans of their usage. */
async function billsOver(em: EntityManager, accountId: number, windowStart: string) {
  const bills = await db(em).selectFrom('bill')
    .select([dayNumberOf('period_start', 'period_start'), dayNumberOf('period_end', 'period_end'), 'usage'])
    .where('account_id', '=', accountId).where('period_end', '>', windowStart).execute();
  return billSpans(bills.map((b) => ({ periodStart: fromDayNumber(b.period_start), periodEnd: fromDayNumber(b.period_end), usage: b.usage })));
}
