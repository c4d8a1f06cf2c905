/**
 * Issue 12's write load through the API: payments recorded (allocation, audit and outbox in one
 * transaction) and meter readings entered (with their checks), each request a new one, spread over
 * many accounts and meters, from concurrent autocannon clients.
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

/** Bodies for `count` requests each: payments on accounts spread over the table, readings on assigned meters. */
export async function writeRequests(em: EntityManager, count: number, today: string): Promise<WriteTargets> {
  const accounts = await db(em).selectFrom('account').select('account_number').orderBy(sql`random()`).limit(2000).execute();
  const meters = await db(em).selectFrom('meter as m')
    .innerJoin('meter_assignment as ma', (join) => join.onRef('ma.meter_id', '=', 'm.id').on('ma.unassigned_at', 'is', null))
    .select('m.meter_number').orderBy(sql`random()`).limit(2000).execute();
  const run = randomUUID().slice(0, 8);
  const payments = Array.from({ length: count }, (_, i) => ({
    path: `/api/v1/accounts/${accounts[i % accounts.length].account_number}/payments`,
    body: JSON.stringify({ paidAt: new Date().toISOString(), reference: `LOAD-${run}-${i}`, amountCents: 1000 + (i % 5000), method: 'credit_card', status: 'processed' }),
  }));
  const readings = Array.from({ length: count }, (_, i) => ({
    path: `/api/v1/meters/${encodeURIComponent(meters[i % meters.length].meter_number)}/readings`,
    body: JSON.stringify({ readAt: today, value: 900_000 + i }),
  }));
  return { payments, readings };
}

/** POSTs the requests in turn (each once, then it wraps) from `connections` clients for `seconds`. */
export function postLoad(url: string, token: string, requests: { path: string; body: string }[], connections: number, seconds: number): Promise<LoadResult> {
  return runLoad({ url, connections, seconds, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, requests });
}
