/**
 * Finding an account by its number: the one lookup every feature uses (`findAccount`,
 * optionally locking the row), and the profile's full header record (`findAccountRecord`).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Db } from '../common/database.js';
import { preparedQuery } from '../common/prepared-query.js';
import type { AccountStatus, BillingCycle, DisconnectionKind, NotificationChannel, PaymentMethodOnFile } from '../common/enums.js';
import { NotFound } from '../common/errors.js';
import { normalizeAccountNumber } from './account-number.js';
import type { VipSettings } from './vip.js';
import { vipSettingsFrom } from './vip-settings.js';

/** What an agent may edit on an account. A type, not an interface, so it is a plain record for the audit log. */
export type ContactFields = {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  serviceAddress: string;
  city: string | null;
  postalCode: string | null;
  preferredChannel: NotificationChannel;
  notificationsOptOut: boolean;
};

/** An account's own row as the profile and the rules need it, plus the VIP settings and its usage unit. */
export interface AccountRecord extends ContactFields {
  id: number;
  accountNumber: string;
  customerSince: Date;
  status: AccountStatus;
  disconnectionKind: DisconnectionKind | null;
  ratePlan: string;
  billingCycle: BillingCycle;
  paymentMethod: PaymentMethodOnFile;
  vipPinned: boolean | null;
  vipPinReason: string | null;
  version: number;
  /** The unit of the account's current (or latest) meter; gallons when it has none. */
  usageUnit: string;
  vipSettings: VipSettings;
}

/** What a write needs of the account it touches. */
export interface AccountRef {
  id: number;
  accountNumber: string;
  status: AccountStatus;
  balanceCents: number;
}

/**
 * The canonical number of an account number as typed ("wu-10001", "WU 10001" and
 * "WU-10001" are the same account); NotFound when it cannot be an account number.
 */
export function canonicalAccountNumber(accountNumber: string): string {
  const canonical = normalizeAccountNumber(accountNumber);
  if (!canonical) throw new NotFound('Account', accountNumber);
  return canonical;
}

/**
 * THE lookup of an account by its number as typed; NotFound when it is not a number or
 * no account has it. `forUpdate` locks the row until the transaction ends, so writes that
 * move one account's money run one after the other.
 */
export async function findAccount(em: EntityManager, accountNumber: string, options: { forUpdate?: boolean } = {}): Promise<AccountRef> {
  const canonical = canonicalAccountNumber(accountNumber);
  const [account] = await (options.forUpdate ? accountRefForUpdate : accountRef)(em, canonical);
  if (!account) throw new NotFound('Account', canonical);
  return account;
}

const accountRefQuery = (q: Db, accountNumber: string) => q.selectFrom('account')
  .select(['id', 'account_number as accountNumber', 'status', 'balance_cents as balanceCents'])
  .where('account_number', '=', accountNumber);
const accountRef = preparedQuery(1, accountRefQuery);
const accountRefForUpdate = preparedQuery(1, (q: Db, accountNumber: string) => accountRefQuery(q, accountNumber).forUpdate());

/**
 * The account's header record for a number as typed; NotFound when it is not a number or
 * no account has it. The setting and the unit ride along as sub-selects: one round trip.
 */
export async function findAccountRecord(em: EntityManager, accountNumber: string): Promise<AccountRecord> {
  const canonical = canonicalAccountNumber(accountNumber);
  const [row] = await accountRecordRow(em, canonical);
  if (!row) throw new NotFound('Account', canonical);
  return accountRecordOf(row);
}

/** The header row's columns (the account as `a`), for `findAccountRecord` and for queries that add to it (the profile's facts). */
export const accountRecordQuery = (q: Db, accountNumber: string) => q.selectFrom('account as a')
  .select([
    'a.id', 'a.account_number as accountNumber', 'a.first_name as firstName', 'a.last_name as lastName', 'a.email', 'a.phone',
    'a.service_address as serviceAddress', 'a.city', 'a.postal_code as postalCode', 'a.customer_since as customerSince',
    'a.status', 'a.disconnection_kind as disconnectionKind', 'a.rate_plan as ratePlan', 'a.billing_cycle as billingCycle',
    'a.payment_method as paymentMethod', 'a.preferred_channel as preferredChannel', 'a.notifications_opt_out as notificationsOptOut',
    'a.vip_pinned as vipPinned', 'a.vip_pin_reason as vipPinReason', 'a.version',
  ])
  .select((eb) => [
    eb.selectFrom('setting as s').select('s.value').where('s.key', '=', 'vip').as('vipSetting'),
    eb.selectFrom('service_connection as sc')
      .innerJoin('meter_assignment as ma', 'ma.connection_id', 'sc.id')
      .innerJoin('meter as m', 'm.id', 'ma.meter_id')
      .select('m.unit')
      .whereRef('sc.account_id', '=', 'a.id')
      .orderBy(sql`ma.unassigned_at is null`, 'desc').orderBy('ma.assigned_at', 'desc').limit(1)
      .as('usageUnit'),
  ])
  .where('a.account_number', '=', accountNumber);

type AccountRecordRow = Awaited<ReturnType<ReturnType<typeof accountRecordQuery>['execute']>>[number];

/** The header row as the record the profile and the rules use. */
export function accountRecordOf(row: AccountRecordRow): AccountRecord {
  const { customerSince, usageUnit, vipSetting, ...columns } = row;
  return { ...columns, customerSince: new Date(customerSince), usageUnit: usageUnit ?? 'gallons', vipSettings: vipSettingsFrom(vipSetting) };
}

const accountRecordRow = preparedQuery(1, accountRecordQuery);
