/**
 * A meter exchange (docs/rules.md#meter-exchange): the old meter's final reading and the new meter's
 * initial reading on the same day, the old assignment closed and the new one opened on the same
 * connection. Each meter's consumption is measured on its own register, so across the exchange it
 * is old final − old previous + new next − new initial, and the new register's lower value is never
 * a regression. From the Connections tab, and on completing an installation or repair order that
 * names a new meter (order-effects.ts).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import { Invalid } from '../common/errors.js';
import { isoDay, utilityIsoDay } from '../common/calendar.js';
import { isCalendarDate, isRegisterValue } from '../service-orders/move-arguments.js';
import { audit } from '../audit/audit.js';
import { recordReading } from './readings.js';

export interface MeterExchangeInput {
  /** The meter taken off; by default the one serving the account now. */
  oldMeterNumber?: string;
  /** Required when a meter is taken off. */
  oldMeterFinalReading?: number;
  newMeterNumber: string;
  newMeterInitialReading: number;
  /** The utility's local day, YYYY-MM-DD. */
  exchangedOn: string;
}

export interface MeterExchange {
  accountNumber: string;
  exchangedOn: string;
  oldMeter: { meterNumber: string; finalReadingId: number; finalReading: number; consumption: number | null; flags: string[] } | null;
  newMeter: { meterNumber: string; initialReadingId: number; initialReading: number };
}

type Problems = Record<string, string>;

/** The meter serving the account now (or the named one, if it does), with its last actual reading. */
async function currentMeter(em: EntityManager, accountId: number, meterNumber: string | undefined) {
  const row = await db(em).selectFrom('meter_assignment as ma')
    .innerJoin('service_connection as sc', 'sc.id', 'ma.connection_id').innerJoin('meter as m', 'm.id', 'ma.meter_id')
    .select(['ma.id as assignment_id', 'ma.connection_id', 'm.id as meter_id', 'm.meter_number'])
    .where('sc.account_id', '=', accountId).where('ma.unassigned_at', 'is', null)
    .$if(meterNumber !== undefined, (qb) => qb.where('m.meter_number', '=', (meterNumber ?? '').trim().toUpperCase()))
    .orderBy('ma.assigned_at', 'desc').orderBy('ma.id', 'desc').limit(1)
    .forUpdate('ma')
    .executeTakeFirst();
  if (!row) return null;
  const last = await db(em).selectFrom('reading').select(['read_at', 'value'])
    .where('meter_id', '=', row.meter_id).where('account_id', '=', accountId)
    .where('verification_status', '<>', 'rejected').where('source', '<>', 'estimated')
    .orderBy('read_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return { ...row, last: last ?? null };
}

/** The new meter, locked, with the account its open assignment serves (if any). */
async function newMeter(em: EntityManager, meterNumber: string) {
  return db(em).selectFrom('meter as m')
    .leftJoin('meter_assignment as ma', (join) => join.onRef('ma.meter_id', '=', 'm.id').on('ma.unassigned_at', 'is', null))
    .leftJoin('service_connection as sc', 'sc.id', 'ma.connection_id').leftJoin('account as a', 'a.id', 'sc.account_id')
    .select(['m.id', 'm.meter_number', 'a.account_number as assigned_to'])
    .where('m.meter_number', '=', meterNumber).forUpdate('m').executeTakeFirst();
}

/** The account's connection for a first meter (an installation): its active one. */
async function activeConnection(em: EntityManager, accountId: number) {
  return db(em).selectFrom('service_connection').select('id').where('account_id', '=', accountId).where('active', '=', true)
    .orderBy('id').limit(1).executeTakeFirst();
}

function valueProblems(problems: Problems, input: MeterExchangeInput, today: string | null) {
  if (typeof input.exchangedOn !== 'string' || !isCalendarDate(input.exchangedOn)) problems.exchangedOn = 'a date YYYY-MM-DD';
  else if (today !== null && input.exchangedOn > today) problems.exchangedOn = 'in the future';
  if (!isRegisterValue(input.newMeterInitialReading)) problems.newMeterInitialReading = 'a whole number, 0 or more';
  if (input.oldMeterFinalReading !== undefined && !isRegisterValue(input.oldMeterFinalReading)) problems.oldMeterFinalReading = 'a whole number, 0 or more';
  if (typeof input.newMeterNumber !== 'string' || !input.newMeterNumber.trim()) problems.newMeterNumber = 'required';
}

const MESSAGES: Record<string, string> = {
  exchangedOn: 'Check the exchange date.',
  oldMeterFinalReading: 'Check the old meter\'s final reading.',
  newMeterNumber: 'Check the new meter.',
  newMeterInitialReading: 'Check the new meter\'s initial reading.',
  oldMeterNumber: 'Check the meter being replaced.',
};

/**
 * Every check of an exchange, field by field, before anything is written; locks the rows it
 * will change. Throws Invalid (422) naming each bad field. `timeZone` null skips the "not in
 * the future" check: a service order's activity applies what its desk already checked that way.
 */
async function planExchange(em: EntityManager, accountId: number, input: MeterExchangeInput, timeZone: string | null, requireOld: boolean) {
  const problems: Problems = {};
  valueProblems(problems, input, timeZone === null ? null : utilityIsoDay(new Date(), timeZone));
  const old = await currentMeter(em, accountId, input.oldMeterNumber);
  if (!old && (requireOld || input.oldMeterNumber !== undefined)) problems.oldMeterNumber = 'no meter of this account to replace';
  const number = typeof input.newMeterNumber === 'string' ? input.newMeterNumber.trim().toUpperCase() : '';
  const fresh = number ? await newMeter(em, number) : undefined;
  if (number && !fresh) problems.newMeterNumber = 'no meter with that number';
  else if (fresh && old && fresh.id === old.meter_id) problems.newMeterNumber = 'the meter being replaced';
  else if (fresh?.assigned_to) problems.newMeterNumber = `already assigned to ${fresh.assigned_to}`;
  if (old) {
    if (input.oldMeterFinalReading === undefined) problems.oldMeterFinalReading = 'required';
    else if (!problems.oldMeterFinalReading && old.last && input.oldMeterFinalReading < old.last.value) {
      problems.oldMeterFinalReading = `below the previous reading (${old.last.value.toLocaleString('en-US')} on ${old.last.read_at})`;
    }
    if (!problems.exchangedOn && old.last && input.exchangedOn <= old.last.read_at) problems.exchangedOn = `on or before the last reading (${old.last.read_at})`;
  }
  const connection = old ? { id: old.connection_id } : await activeConnection(em, accountId);
  if (!connection && !problems.oldMeterNumber) problems.oldMeterNumber = 'the account has no active service connection';
  const fields = Object.keys(problems);
  if (fields.length || !fresh || !connection) throw new Invalid(MESSAGES[fields[0]] ?? 'Please correct the exchange.', problems);
  return { old, fresh, connectionId: connection.id };
}

async function insertInitialReading(em: EntityManager, meterId: number, accountId: number, input: MeterExchangeInput, actor: Actor) {
  const { id } = await db(em).insertInto('reading').values({
    meter_id: meterId, account_id: accountId, read_at: input.exchangedOn, value: input.newMeterInitialReading, consumption: null,
    verification_status: 'verified', flags: [], source: 'exchange', meter_replaced: false, created_by_id: actor.userId, created_at: sql<Date>`now()`,
  }).returning('id').executeTakeFirstOrThrow();
  return id;
}

/**
 * Records an exchange in the caller's transaction and audits it (`meter.exchange`). With
 * `requireOld` false (an installation), an account with no meter just gets the new one.
 */
export async function applyMeterExchange(
  em: EntityManager, account: { id: number; accountNumber: string }, input: MeterExchangeInput, actor: Actor, timeZone: string | null,
  options: { requireOld?: boolean; byOrder?: string } = {},
): Promise<MeterExchange> {
  const { old, fresh, connectionId } = await planExchange(em, account.id, input, timeZone, options.requireOld ?? true);
  let oldMeter: MeterExchange['oldMeter'] = null;
  if (old && input.oldMeterFinalReading !== undefined) {
    const final = await recordReading(em, {
      meterNumber: old.meter_number, readAt: input.exchangedOn, value: input.oldMeterFinalReading, source: 'exchange', createdBy: actor.userId,
    });
    await db(em).updateTable('meter_assignment').set({ unassigned_at: input.exchangedOn }).where('id', '=', old.assignment_id).execute();
    await db(em).updateTable('meter').set({ reading_status: 'inactive' }).where('id', '=', old.meter_id).execute();
    oldMeter = { meterNumber: old.meter_number, finalReadingId: final.id, finalReading: final.value, consumption: final.consumption, flags: final.flags };
  }
  await db(em).insertInto('meter_assignment').values({
    meter_id: fresh.id, connection_id: connectionId, assigned_at: input.exchangedOn, created_at: sql<Date>`now()`,
  }).execute();
  await db(em).updateTable('meter').set({ reading_status: 'active', installed_at: input.exchangedOn }).where('id', '=', fresh.id).execute();
  const initialId = await insertInitialReading(em, fresh.id, account.id, input, actor);
  const exchange: MeterExchange = {
    accountNumber: account.accountNumber, exchangedOn: input.exchangedOn, oldMeter,
    newMeter: { meterNumber: fresh.meter_number, initialReadingId: initialId, initialReading: input.newMeterInitialReading },
  };
  await audit(em, {
    userId: actor.userId, userName: actor.name, action: 'meter.exchange', entity: 'account', entityId: account.accountNumber,
    before: old ? { meterNumber: old.meter_number, lastReading: old.last && { readAt: isoDay(new Date(old.last.read_at)), value: old.last.value } } : null,
    after: { ...exchange, ...(options.byOrder && { byOrder: options.byOrder }) },
  });
  return exchange;
}

/** An exchange from the Connections tab or the JSON API, in its own transaction. */
export async function exchangeMeter(
  em: EntityManager, account: { id: number; accountNumber: string }, input: MeterExchangeInput, actor: Actor, timeZone: string,
): Promise<MeterExchange> {
  return em.transactional((tx) => applyMeterExchange(tx, account, input, actor, timeZone));
}

/** The checks alone, rolled back: what a service-order completion asks before it is sent to its workflow. */
export async function checkMeterExchange(em: EntityManager, accountId: number, input: MeterExchangeInput, timeZone: string, requireOld: boolean) {
  await em.transactional(async (tx) => {
    await planExchange(tx, accountId, input, timeZone, requireOld);
  });
}
