/**
 * The nightly estimates (docs/rules.md#estimated-readings), set-based: one statement finds every
 * active connection whose meter has had no reading for more than 35 days, estimates its register
 * from the account's trailing 6-month average daily consumption, inserts the estimates and audits
 * them. A second run on the same day finds every such meter read today and writes nothing; the
 * unique index on (meter, day) of estimates backs that up.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../common/database.js';
import { currentWriteOrigin } from '../audit/write-origin.js';

/** A connection is estimated once its last reading is more than this many days old. */
export const ESTIMATE_AFTER_DAYS = 35;
/** The window, before the last actual reading, whose consumption makes the daily average. */
export const ESTIMATE_WINDOW_MONTHS = 6;
/** This many estimates in a row on one meter raise the alert and the meter-reading order. */
export const ESTIMATES_IN_A_ROW = 3;

/** Meters with ids in `[fromId, toId)`: the nightly run works the estimates a range at a time. */
export interface MeterIdRange { fromId: number; toId: number }

/**
 * Writes the day's estimates (`day` is the utility's local day, YYYY-MM-DD) for the meters of
 * `meters` and answers how many: only the count comes back, so the run never holds the night's
 * estimates (a first night at 1,000,000 accounts can write hundreds of thousands).
 *
 * - due: the meter's open assignment is on an active connection of an active account, the meter
 *   is active, and the account's last usable reading of it (actual or open estimate) is more than
 *   35 days before `day`;
 * - basis: the account's last actual (not estimated, not rejected) reading L of that meter, and
 *   its actual readings of the 6 months up to L: daily average = their consumption after the
 *   window's first reading B ÷ the days from B to L; without two actual readings there is nothing
 *   to average and no estimate is written (the missed-read sweep still counts the meter);
 * - value: L + round(daily × days from L to `day`); consumption: value − the last usable reading
 *   (L, or the previous estimate), so a chain of estimates adds up to daily × days since L.
 */
export async function writeEstimates(em: EntityManager, day: string, meters: MeterIdRange): Promise<number> {
  const origin = currentWriteOrigin();
  const result = await sql<{ written: number }>`
    with due as (
      select ma.meter_id, sc.account_id, last_any.value as previous_value
      from meter_assignment ma
      join meter m on m.id = ma.meter_id and m.reading_status = 'active'
      join service_connection sc on sc.id = ma.connection_id and sc.active
      join account a on a.id = sc.account_id and a.status = 'active'
      cross join lateral (
        select r.read_at, r.value from reading r
        where r.meter_id = ma.meter_id and r.account_id = sc.account_id and r.verification_status <> 'rejected' and r.superseded_by_id is null
        order by r.read_at desc, r.id desc limit 1
      ) last_any
      where ma.unassigned_at is null and ma.meter_id >= ${meters.fromId}::bigint and ma.meter_id < ${meters.toId}::bigint
        and last_any.read_at < ${day}::date - ${ESTIMATE_AFTER_DAYS}::int
    ),
    basis as (
      select d.meter_id, d.account_id, d.previous_value, l.read_at as actual_at, l.value as actual_value, w.from_at, u.used
      from due d
      cross join lateral (
        select r.read_at, r.value from reading r
        where r.meter_id = d.meter_id and r.account_id = d.account_id and r.verification_status <> 'rejected' and r.source <> 'estimated'
        order by r.read_at desc, r.id desc limit 1
      ) l
      cross join lateral (
        select min(r.read_at) as from_at from reading r
        where r.account_id = d.account_id and r.verification_status <> 'rejected' and r.source <> 'estimated'
          and r.read_at >= (l.read_at - make_interval(months => ${ESTIMATE_WINDOW_MONTHS}::int))::date
      ) w
      cross join lateral (
        select coalesce(sum(r.consumption), 0) as used from reading r
        where r.account_id = d.account_id and r.verification_status <> 'rejected' and r.source <> 'estimated'
          and r.read_at > w.from_at and r.read_at <= l.read_at
      ) u
      where l.read_at > w.from_at
    ),
    estimated as (
      select b.*, b.actual_value + round(b.used::numeric / (b.actual_at - b.from_at) * (${day}::date - b.actual_at))::bigint as value
      from basis b
    ),
    inserted as (
      insert into reading (meter_id, account_id, read_at, value, consumption, verification_status, flags, source, meter_replaced, created_at)
      select e.meter_id, e.account_id, ${day}::date, e.value, greatest(e.value - e.previous_value, 0), 'verified', '{}', 'estimated', false, now()
      from estimated e
      on conflict (meter_id, read_at) where source = 'estimated' do nothing
      returning id, meter_id, account_id, read_at, value, consumption
    ),
    audited as (
      insert into audit_log (at, user_id, user_name, action, entity, entity_id, before, after, request_id, workflow_id, job_id)
      select now(), null, 'nightly metrics', 'reading.estimate', 'reading', i.id::text, null,
        jsonb_build_object('readAt', i.read_at, 'value', i.value, 'consumption', i.consumption, 'source', 'estimated',
          'fromActualReadAt', e.actual_at, 'fromActualValue', e.actual_value, 'averageFrom', e.from_at, 'averageConsumption', e.used),
        ${origin.requestId ?? null}, ${origin.workflowId ?? null}, ${origin.jobId ?? null}
      from inserted i join estimated e on e.meter_id = i.meter_id
    )
    select count(*)::int as written from inserted`.execute(db(em));
  return result.rows[0]?.written ?? 0;
}

export interface EstimateStreak { accountNumber: string; meterNumber: string; estimates: number; latestEstimateId: number; latestReadAt: string }

/**
 * Meters with three or more estimates in a row (open estimates: an actual reading supersedes them
 * all) and no meter-reading order yet raised from any of them: each is owed exactly one order.
 * Reads only the small partial index of open estimates.
 */
export async function streaksWithoutOrder(em: EntityManager): Promise<EstimateStreak[]> {
  const result = await sql<{ account_number: string; meter_number: string; estimates: number; latest_id: number; latest_read_at: string }>`
    select a.account_number, m.meter_number, s.estimates, s.latest_id, s.latest_read_at
    from (
      select e.meter_id, e.account_id, count(*)::int as estimates, max(e.id) as latest_id, max(e.read_at)::text as latest_read_at, array_agg(e.id) as ids
      from reading e where e.source = 'estimated' and e.superseded_by_id is null
      group by e.meter_id, e.account_id having count(*) >= ${ESTIMATES_IN_A_ROW}::int
    ) s
    join meter m on m.id = s.meter_id
    join account a on a.id = s.account_id
    where not exists (select 1 from service_order o where o.type = 'meter_reading' and o.source_reading_id = any(s.ids))
    order by a.account_number, m.meter_number`.execute(db(em));
  return result.rows.map((r) => ({
    accountNumber: r.account_number, meterNumber: r.meter_number, estimates: r.estimates, latestEstimateId: r.latest_id, latestReadAt: r.latest_read_at,
  }));
}
