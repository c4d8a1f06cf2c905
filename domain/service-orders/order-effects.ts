/** What completing a service order does to its account (docs/rules.md#service-orders), applied once inside the completion transaction. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { AccountStatus, DisconnectionKind } from '../common/enums.js';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import { Invalid } from '../common/errors.js';
import { audit } from '../audit/audit.js';
import { recordReading } from '../readings/readings.js';
import { applyMeterExchange } from '../readings/meter-exchange.js';
import type { CompletionReport } from './service-order-workflow.js';

export type { CompletionReport };

export interface OrderForEffect {
  id: number;
  orderNumber: string;
  type: string;
  permanent: boolean;
  accountId: number;
  targetAccountId: number | null;
  sourceReadingId: number | null;
}

async function setAccountStatus(em: EntityManager, accountId: number, status: AccountStatus, kind: DisconnectionKind | null, onlyIf?: AccountStatus) {
  let update = db(em).updateTable('account')
    .set((eb) => ({ status, disconnection_kind: kind, version: eb('version', '+', 1), updated_at: sql`now()` }))
    .where('id', '=', accountId);
  if (onlyIf) update = update.where('status', '=', onlyIf);
  await update.execute();
}

/** The meter serving the account now (its open assignment), for readings and meter status. */
export async function activeMeterOf(em: EntityManager, accountId: number): Promise<{ id: number; meterNumber: string } | null> {
  const meter = await db(em).selectFrom('meter as m')
    .innerJoin('meter_assignment as ma', (join) => join.onRef('ma.meter_id', '=', 'm.id').on('ma.unassigned_at', 'is', null))
    .innerJoin('service_connection as c', 'c.id', 'ma.connection_id')
    .select(['m.id', 'm.meter_number as meterNumber'])
    .where('c.account_id', '=', accountId)
    .orderBy('ma.assigned_at', 'desc').limit(1)
    .executeTakeFirst();
  return meter ?? null;
}

/** The order's source reading verified by the completing dispatcher, audited like an agent's verification. */
async function verifySourceReading(em: EntityManager, order: OrderForEffect, readingId: number, by: Actor) {
  const verified = await db(em).updateTable('reading').set({ verification_status: 'verified', verified_by_id: by.userId, verified_at: sql`now()` })
    .where('id', '=', readingId).where('account_id', '=', order.accountId).where('verification_status', '=', 'pending')
    .returning(['id', 'read_at', 'value', 'flags']).executeTakeFirst();
  if (!verified) return;
  await audit(em, {
    userId: by.userId, userName: by.name, action: 'reading.verify', entity: 'reading', entityId: String(readingId),
    before: { verificationStatus: 'pending' },
    after: { verificationStatus: 'verified', readAt: verified.read_at, value: verified.value, flags: verified.flags, byOrder: order.orderNumber },
  });
}

async function applyFieldResolution(em: EntityManager, order: OrderForEffect, report: CompletionReport, by: Actor) {
  const resolution = report.resolution ?? {};
  if (resolution.verifyFlaggedReading && order.sourceReadingId) await verifySourceReading(em, order, order.sourceReadingId, by);
  if (resolution.closeFraudFlags) {
    await db(em).updateTable('fraud_flag').set({ closed_at: sql`now()`, closed_note: `Closed by ${order.orderNumber}` })
      .where('account_id', '=', order.accountId).where('closed_at', 'is', null).execute();
  }
  if (resolution.meterStatus) {
    const meter = await activeMeterOf(em, order.accountId);
    if (meter) await db(em).updateTable('meter').set({ reading_status: resolution.meterStatus }).where('id', '=', meter.id).execute();
  }
}

/**
 * An installation or repair that names a new meter records the exchange (docs/rules.md#meter-exchange);
 * a repair replaces a meter, an installation may fit an account's first one. The desk checked the
 * date against the utility's today before the move was sent, so it is not checked again here.
 */
async function fitNewMeter(em: EntityManager, order: OrderForEffect, report: CompletionReport, by: Actor): Promise<string> {
  if (!report.exchange) return '';
  const account = await db(em).selectFrom('account').select('account_number').where('id', '=', order.accountId).executeTakeFirstOrThrow();
  const exchange = await applyMeterExchange(em, { id: order.accountId, accountNumber: account.account_number }, report.exchange, by, null,
    { requireOld: order.type === 'repair', byOrder: order.orderNumber });
  const old = exchange.oldMeter ? `${exchange.oldMeter.meterNumber} (final ${exchange.oldMeter.finalReading}) replaced by ` : '';
  return `; meter ${old}${exchange.newMeter.meterNumber} (initial ${exchange.newMeter.initialReading}) on ${exchange.exchangedOn}`;
}

/**
 * Applies a completed order's effect on the account (docs/rules.md#service-orders). Called once per order
 * inside the completion transaction, guarded by `service_order.effect_applied_at`.
 */
export async function applyCompletionEffect(em: EntityManager, order: OrderForEffect, report: CompletionReport, by: Actor): Promise<string> {
  switch (order.type) {
    case 'disconnection':
      await setAccountStatus(em, order.accountId, 'disconnected', order.permanent ? 'permanent' : 'temporary');
      return order.permanent ? 'account disconnected permanently' : 'account disconnected temporarily';
    case 'reconnection':
      await setAccountStatus(em, order.accountId, 'active', null);
      return 'account active';
    case 'installation': {
      await setAccountStatus(em, order.accountId, 'active', null, 'pending');
      const fitted = await fitNewMeter(em, order, report, by);
      return `pending account activated${fitted}`;
    }
    case 'repair': {
      await applyFieldResolution(em, order, report, by);
      return `field work recorded${await fitNewMeter(em, order, report, by)}`;
    }
    case 'transfer':
      if (!order.targetAccountId) throw new Invalid('A transfer needs a target account.', { targetAccountNumber: 'required' });
      await setAccountStatus(em, order.accountId, 'inactive', null);
      await setAccountStatus(em, order.targetAccountId, 'active', null);
      return 'source account inactive, target account active';
    case 'meter_reading': {
      if (!report.reading) throw new Invalid('A meter-reading order is completed with the reading taken.', { reading: 'required' });
      const meter = await activeMeterOf(em, order.accountId);
      if (!meter) throw new Invalid('The account has no meter assigned.', { reading: 'no meter' });
      const reading = await recordReading(em, { meterNumber: meter.meterNumber, ...report.reading, source: 'service_order', createdBy: null });
      return `reading ${reading.value} recorded${reading.flags.length ? ` (flags: ${reading.flags.join(', ')})` : ''}`;
    }
    default:
      await applyFieldResolution(em, order, report, by);
      return 'field work recorded';
  }
}

export async function auditEffect(em: EntityManager, order: OrderForEffect, summary: string, by: Actor) {
  await audit(em, {
    userId: by.userId, userName: by.name, action: 'service_order.effect', entity: 'service_order',
    entityId: order.orderNumber, after: { effect: summary },
  });
}
