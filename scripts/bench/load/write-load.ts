/**
 * Issue 12's write load through the API: payments recorded (allocation, audit and outbox in one
 * transaction) and meter readings entered (with their checks), from concurrent autocannon clients.
 * The requests land as a day's work does: each payment on an account of its own and each reading on a
 * meter of its own, drawn at random from the whole table, so a request meets its account's history
 * as it lies (not warmed by the requests before it), and each reading is an ordinary one: read after
 * the meter's last actual reading, with a month's usage as an agent last verified it, so no check flags it.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { db } from '../../../domain/common/database.js';
import { runLoad, type LoadResult } from './load-generator.js';

export interface WriteTargets {
  payments: { path: string; body: string }[];
  readings: { path: string; body: string }[];
}

/** A meter on an open assignment whose last actual reading is before `today`: that reading's value, and the consumption of its last verified one. */
interface MeterToRead { meter_number: string; last_value: number; usage: number | null }

/** `count` accounts at random (fewer when the table holds fewer). */
function randomAccounts(em: EntityManager, count: number) {
  return db(em).selectFrom('account').select('account_number').orderBy(sql`random()`).limit(count).execute();
}

/**
 * `count` assigned meters at random whose last actual reading (not rejected, not estimated: the checks measure from
 * it, domain/readings/readings.ts) was taken before `today`, as a second reading the same day is flagged out of
 * order (twice as many are drawn, so that leaving those out still leaves `count`). The usage is the last verified
 * reading's: the last actual one may be a spike still pending an agent.
 */
async function randomMetersToRead(em: EntityManager, count: number, today: string): Promise<MeterToRead[]> {
  const { rows } = await sql<MeterToRead>`
    select m.meter_number, last.value as last_value, verified.consumption as usage
      from (select m.id, m.meter_number from meter m
              join meter_assignment ma on ma.meter_id = m.id and ma.unassigned_at is null
             order by random() limit ${count * 2}) m
      join lateral (select r.value, r.read_at from reading r
             where r.meter_id = m.id and r.verification_status <> 'rejected' and r.source <> 'estimated'
             order by r.read_at desc, r.id desc limit 1) last on last.read_at < ${today}::date
      left join lateral (select r.consumption from reading r
             where r.meter_id = m.id and r.verification_status = 'verified' and r.source <> 'estimated' and r.consumption is not null
             order by r.read_at desc, r.id desc limit 1) verified on true
     limit ${count}`.execute(db(em));
  return rows;
}

/**
 * The value the bench enters on a meter: its last actual value plus its last verified usage (at least 1, so no
 * zero-usage flag). One verified month's usage is not "high" (over 3× the meter's average). The value does not grow
 * when the requests wrap round to a meter again (only when the table holds fewer meters than requests): a later
 * round may be the first to reach that meter, and a second reading of one meter on one day is flagged out of order
 * whatever its value, while an equal value is no regression.
 */
export function benchReadingValue(meter: Pick<MeterToRead, 'last_value' | 'usage'>): number {
  return meter.last_value + Math.max(1, meter.usage ?? 0);
}

/** Bodies for `count` requests each: every payment on an account of its own, every reading on a meter of its own (they wrap when the table holds fewer). */
export async function writeRequests(em: EntityManager, count: number, today: string): Promise<WriteTargets> {
  const accounts = await randomAccounts(em, count);
  const meters = await randomMetersToRead(em, count, today);
  if (accounts.length === 0 || meters.length === 0) throw new Error('the bench database holds no account or no meter to read: seed it first');
  const run = randomUUID().slice(0, 8);
  const payments = Array.from({ length: count }, (_, i) => ({
    path: `/api/v1/accounts/${accounts[i % accounts.length].account_number}/payments`,
    body: JSON.stringify({ paidAt: new Date().toISOString(), reference: `LOAD-${run}-${i}`, amountCents: 1000 + (i % 5000), method: 'credit_card', status: 'processed' }),
  }));
  const readings = Array.from({ length: count }, (_, i) => {
    const meter = meters[i % meters.length];
    return {
      path: `/api/v1/meters/${encodeURIComponent(meter.meter_number)}/readings`,
      body: JSON.stringify({ readAt: today, value: benchReadingValue(meter) }),
    };
  });
  return { payments, readings };
}

/** POSTs the requests in turn (each once, then it wraps) from `connections` clients for `seconds`. */
export function postLoad(url: string, token: string, requests: { path: string; body: string }[], connections: number, seconds: number): Promise<LoadResult> {
  return runLoad({ url, connections, seconds, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, requests });
}
