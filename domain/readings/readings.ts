import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFound } from '../shared/errors.js';
import { checkReading, type ReadingFacts, type ReadingFlag } from './reading-checks.js';
import { enqueueNotification } from '../notifications/notifications.js';

export interface NewReadingInput {
  meterNumber: string;
  readAt: string; // YYYY-MM-DD
  value: number;
  source: 'manual' | 'field' | 'service_order';
  meterReplaced?: boolean;
  createdBy: number | null;
}

export interface RecordedReading {
  id: number;
  meterNumber: string;
  accountId: number;
  readAt: string;
  value: number;
  consumption: number | null;
  verificationStatus: 'pending' | 'verified';
  flags: ReadingFlag[];
}

interface MeterRow { meter_id: number; account_id: number | null; account_status: string | null }

/** The meter and the account its open assignment serves. */
async function meterWithAccount(em: EntityManager, meterNumber: string): Promise<MeterRow> {
  const rows = await em.getConnection().execute<MeterRow[]>(
    `select m.id as meter_id, c.account_id, a.status as account_status
       from meter m
       left join meter_assignment ma on ma.meter_id = m.id and ma.unassigned_at is null
       left join service_connection c on c.id = ma.connection_id
       left join account a on a.id = c.account_id
      where m.meter_number = ?`,
    [meterNumber], 'all', em.getTransactionContext(),
  );
  if (!rows.length) throw new NotFound('Meter', meterNumber);
  return rows[0];
}

/** The meter's latest 13 non-rejected readings, oldest first: enough for every §9 check. */
async function recentHistory(em: EntityManager, meterId: number): Promise<ReadingFacts[]> {
  const rows = await em.getConnection().execute<{ id: number; read_at: string; value: string; verification_status: ReadingFacts['verificationStatus']; meter_replaced: boolean }[]>(
    `select id, to_char(read_at, 'YYYY-MM-DD') as read_at, value, verification_status, meter_replaced
       from reading where meter_id = ? and verification_status <> 'rejected'
      order by read_at desc, id desc limit 13`,
    [meterId], 'all', em.getTransactionContext(),
  );
  return rows.reverse().map((r) => ({
    id: String(r.id), readAt: new Date(`${r.read_at}T00:00:00Z`), value: Number(r.value),
    verificationStatus: r.verification_status, meterReplaced: r.meter_replaced,
  }));
}

/**
 * Records a reading through the checks of SPEC §9, in the caller's transaction. A
 * flagged reading stays `pending` for an agent and queues the "anomalous reading"
 * notification; an unflagged one is accepted as `verified`.
 */
export async function recordReading(em: EntityManager, input: NewReadingInput): Promise<RecordedReading> {
  const meter = await meterWithAccount(em, input.meterNumber);
  if (!meter.account_id) throw new NotFound('An open assignment of meter', input.meterNumber);
  const history = await recentHistory(em, meter.meter_id);
  const check = checkReading(
    { readAt: new Date(`${input.readAt}T00:00:00Z`), value: input.value, meterReplaced: input.meterReplaced },
    history,
    { accountActive: meter.account_status === 'active' },
  );
  const status = check.flags.length ? 'pending' : 'verified';
  const inserted = await em.getConnection().execute<{ id: number }[]>(
    `insert into reading (meter_id, account_id, read_at, value, consumption, verification_status, flags, source, meter_replaced, created_by_id, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) returning id`,
    [meter.meter_id, meter.account_id, input.readAt, input.value, check.consumption, status,
      `{${check.flags.join(',')}}`, input.source, input.meterReplaced ?? false, input.createdBy],
    'all', em.getTransactionContext(),
  );
  const id = inserted[0].id;
  if (check.flags.length) {
    await enqueueNotification(em, {
      accountId: meter.account_id, event: 'anomalous_reading', idempotencyKey: `anomalous_reading:${id}`,
      payload: { meterNumber: input.meterNumber, readAt: input.readAt, value: input.value, flags: check.flags },
    });
  }
  return {
    id, meterNumber: input.meterNumber, accountId: meter.account_id, readAt: input.readAt, value: input.value,
    consumption: check.consumption, verificationStatus: status, flags: check.flags,
  };
}
