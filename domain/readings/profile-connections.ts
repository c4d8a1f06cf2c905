/** The Connections tab (SPEC §5, §9): meters with their last reading, readings, the consumption trend. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MeterReadingStatus, ReadingFlag, VerificationStatus } from '../shared/enums.js';
import { NotFound } from '../shared/errors.js';
import { addMonths } from '../shared/calendar.js';
import { pageOf, type Page, type PageRequest } from '../shared/paging.js';
import { asDate, asDateOrNull, asInt, asIntOrNull, sqlDay } from '../shared/sql-values.js';

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
}

/** Consumption of one calendar month (YYYY-MM), rejected readings left out. */
export interface ConsumptionMonth { month: string; consumption: number; flagged: boolean }

// The last reading is this account's: a meter moved elsewhere must not show the next customer's reading.
const METERS = `
  select m.meter_number, m.device_number, m.type, m.model, m.unit, m.installed_at, m.reading_status,
         ma.assigned_at, ma.unassigned_at, sc.address as connection_address, lr.value as last_value, lr.read_at as last_read_at
    from service_connection sc
    join meter_assignment ma on ma.connection_id = sc.id
    join meter m on m.id = ma.meter_id
    left join lateral (
      select r.value, r.read_at from reading r
       where r.meter_id = m.id and r.account_id = sc.account_id and r.verification_status <> 'rejected'
       order by r.read_at desc, r.id desc limit 1) lr on true
   where sc.account_id = ?
   order by ma.unassigned_at is null desc, ma.assigned_at desc, ma.id desc`;
const METERS_COUNT = `select count(*) as total from service_connection sc
  join meter_assignment ma on ma.connection_id = sc.id where sc.account_id = ?`;

const READING_COLUMNS = `select r.id, m.meter_number, r.read_at, r.value, r.consumption, r.verification_status, r.flags
  from reading r join meter m on m.id = r.meter_id`;

const TREND = `
  select to_char(read_at, 'YYYY-MM') as month, sum(consumption) as consumption,
         bool_or(verification_status = 'pending' and cardinality(flags) > 0) as flagged
    from reading
   where account_id = ? and verification_status <> 'rejected' and consumption is not null and read_at > ?::date
   group by 1 order by 1`;

function toReading(r: Record<string, unknown>): ReadingItem {
  return {
    id: asInt(r.id), meterNumber: String(r.meter_number), readAt: asDate(r.read_at), value: asInt(r.value),
    consumption: asIntOrNull(r.consumption), verificationStatus: r.verification_status as VerificationStatus,
    flags: (r.flags as ReadingFlag[] | null) ?? [],
  };
}

export function listMeters(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<MeterItem>> {
  return pageOf(em, METERS, METERS_COUNT, [accountId], request, (r) => ({
    meterNumber: String(r.meter_number), deviceNumber: String(r.device_number), type: String(r.type), model: String(r.model),
    unit: String(r.unit), installedAt: asDate(r.installed_at), assignedAt: asDate(r.assigned_at),
    unassignedAt: asDateOrNull(r.unassigned_at), connectionAddress: String(r.connection_address),
    readingStatus: r.reading_status as MeterReadingStatus,
    lastReading: r.last_read_at == null ? null : { value: asInt(r.last_value), readAt: asDate(r.last_read_at) },
  }));
}

export function listAccountReadings(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<ReadingItem>> {
  return pageOf(em, `${READING_COLUMNS} where r.account_id = ? order by r.read_at desc, r.id desc`,
    'select count(*) as total from reading where account_id = ?', [accountId], request, toReading);
}

/** A meter's readings, newest first; NotFound for an unknown meter number (matched case-insensitively). */
export async function listMeterReadings(em: EntityManager, meterNumber: string, request: PageRequest): Promise<Page<ReadingItem>> {
  const canonical = meterNumber.trim().toUpperCase();
  const meters = await em.getConnection().execute<{ id: unknown }[]>('select id from meter where meter_number = ?', [canonical]);
  if (!meters.length) throw new NotFound('Meter', meterNumber);
  const meterId = asInt(meters[0].id);
  return pageOf(em, `${READING_COLUMNS} where r.meter_id = ? order by r.read_at desc, r.id desc`,
    'select count(*) as total from reading where meter_id = ?', [meterId], request, toReading);
}

/** Monthly consumption over the trailing `months` months, for the trend chart. */
export async function consumptionTrend(em: EntityManager, accountId: number, asOf: Date, months = 24): Promise<ConsumptionMonth[]> {
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(TREND, [accountId, sqlDay(addMonths(asOf, -months))]);
  return rows.map((r) => ({ month: String(r.month), consumption: asInt(r.consumption), flagged: Boolean(r.flagged) }));
}
