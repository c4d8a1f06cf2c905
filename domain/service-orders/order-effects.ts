import type { EntityManager } from '@mikro-orm/postgresql';
import { Invalid } from '../shared/errors.js';
import { audit } from '../audit/audit.js';
import { recordReading } from '../readings/readings.js';

/** What the completing technician reports beyond "done" (SPEC §10). */
export interface CompletionReport {
  reading: { value: number; readAt: string } | null;
  resolution: { verifyFlaggedReading?: boolean; closeFraudFlags?: boolean; meterStatus?: 'active' | 'inactive' | 'maintenance' } | null;
}

export interface OrderForEffect {
  id: number;
  orderNumber: string;
  type: string;
  permanent: boolean;
  accountId: number;
  targetAccountId: number | null;
  sourceReadingId: number | null;
}

type Sql = (sql: string, params?: unknown[]) => Promise<unknown[]>;

function sqlOf(em: EntityManager): Sql {
  return (sql, params = []) => em.getConnection().execute(sql, params, 'all', em.getTransactionContext());
}

async function setAccountStatus(sql: Sql, accountId: number, status: string, kind: string | null, onlyIf?: string) {
  await sql(
    `update account set status = ?, disconnection_kind = ?, version = version + 1, updated_at = now()
      where id = ? ${onlyIf ? 'and status = ?' : ''}`,
    onlyIf ? [status, kind, accountId, onlyIf] : [status, kind, accountId],
  );
}

/** The meter serving the account now (its open assignment), for readings and meter status. */
export async function activeMeterOf(em: EntityManager, accountId: number): Promise<{ id: number; meterNumber: string } | null> {
  const rows = await sqlOf(em)(
    `select m.id, m.meter_number from meter m
       join meter_assignment ma on ma.meter_id = m.id and ma.unassigned_at is null
       join service_connection c on c.id = ma.connection_id
      where c.account_id = ? order by ma.assigned_at desc limit 1`,
    [accountId],
  ) as { id: number; meter_number: string }[];
  return rows.length ? { id: rows[0].id, meterNumber: rows[0].meter_number } : null;
}

async function applyFieldResolution(em: EntityManager, order: OrderForEffect, report: CompletionReport) {
  const sql = sqlOf(em);
  const resolution = report.resolution ?? {};
  if (resolution.verifyFlaggedReading && order.sourceReadingId) {
    await sql(`update reading set verification_status = 'verified', verified_at = now() where id = ? and verification_status = 'pending'`, [order.sourceReadingId]);
  }
  if (resolution.closeFraudFlags) {
    await sql(`update fraud_flag set closed_at = now(), closed_note = ? where account_id = ? and closed_at is null`, [`Closed by ${order.orderNumber}`, order.accountId]);
  }
  if (resolution.meterStatus) {
    const meter = await activeMeterOf(em, order.accountId);
    if (meter) await sql('update meter set reading_status = ? where id = ?', [resolution.meterStatus, meter.id]);
  }
}

/**
 * Applies a completed order's effect on the account (SPEC §10). Called once per order
 * inside the completion transaction, guarded by `service_order.effect_applied_at`.
 */
export async function applyCompletionEffect(em: EntityManager, order: OrderForEffect, report: CompletionReport): Promise<string> {
  const sql = sqlOf(em);
  switch (order.type) {
    case 'disconnection':
      await setAccountStatus(sql, order.accountId, 'disconnected', order.permanent ? 'permanent' : 'temporary');
      return order.permanent ? 'account disconnected permanently' : 'account disconnected temporarily';
    case 'reconnection':
      await setAccountStatus(sql, order.accountId, 'active', null);
      return 'account active';
    case 'installation':
      await setAccountStatus(sql, order.accountId, 'active', null, 'pending');
      return 'pending account activated';
    case 'transfer':
      if (!order.targetAccountId) throw new Invalid('A transfer needs a target account.', { targetAccountNumber: 'required' });
      await setAccountStatus(sql, order.accountId, 'inactive', null);
      await setAccountStatus(sql, order.targetAccountId, 'active', null);
      return 'source account inactive, target account active';
    case 'meter_reading': {
      if (!report.reading) throw new Invalid('A meter-reading order is completed with the reading taken.', { reading: 'required' });
      const meter = await activeMeterOf(em, order.accountId);
      if (!meter) throw new Invalid('The account has no meter assigned.', { reading: 'no meter' });
      const reading = await recordReading(em, { meterNumber: meter.meterNumber, ...report.reading, source: 'service_order', createdBy: null });
      return `reading ${reading.value} recorded${reading.flags.length ? ` (flags: ${reading.flags.join(', ')})` : ''}`;
    }
    default:
      await applyFieldResolution(em, order, report);
      return 'field work recorded';
  }
}

export async function auditEffect(em: EntityManager, order: OrderForEffect, summary: string, by: { userId: number | null; name: string }) {
  await audit(em, {
    userId: by.userId, userName: by.name, action: 'service_order.effect', entity: 'service_order',
    entityId: order.orderNumber, after: { effect: summary },
  });
}
