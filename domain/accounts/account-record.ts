import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountStatus, BillingCycle, DisconnectionKind, PaymentMethodOnFile } from '../shared/enums.js';
import { NotFound } from '../shared/errors.js';
import { normalizeAccountNumber } from './account-number.js';
import type { VipSettings } from './vip.js';
import { asDate, asInt } from '../shared/sql-values.js';
import { vipSettingsFrom } from './vip-settings.js';

/** An account's own row as the profile and the rules need it, plus the VIP settings and its usage unit. */
export interface AccountRecord {
  id: number;
  accountNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  serviceAddress: string;
  city: string | null;
  postalCode: string | null;
  customerSince: Date;
  status: AccountStatus;
  disconnectionKind: DisconnectionKind | null;
  ratePlan: string;
  billingCycle: BillingCycle;
  paymentMethod: PaymentMethodOnFile;
  preferredChannel: string;
  notificationsOptOut: boolean;
  vipPinned: boolean | null;
  vipPinReason: string | null;
  version: number;
  /** The unit of the account's current (or latest) meter; gallons when it has none. */
  usageUnit: string;
  vipSettings: VipSettings;
}

// The setting and the unit ride along as sub-selects: one round trip for the whole header row.
const ACCOUNT_SQL = `
  select a.id, a.account_number, a.first_name, a.last_name, a.email, a.phone, a.service_address, a.city,
         a.postal_code, a.customer_since, a.status, a.disconnection_kind, a.rate_plan, a.billing_cycle,
         a.payment_method, a.preferred_channel, a.notifications_opt_out, a.vip_pinned, a.vip_pin_reason, a.version,
         (select s.value from setting s where s.key = 'vip') as vip_setting,
         (select m.unit from service_connection sc
            join meter_assignment ma on ma.connection_id = sc.id
            join meter m on m.id = ma.meter_id
           where sc.account_id = a.id
           order by ma.unassigned_at is null desc, ma.assigned_at desc limit 1) as usage_unit
    from account a where a.account_number = ?`;

type Row = Record<string, unknown>;

function toRecord(row: Row): AccountRecord {
  return {
    id: asInt(row.id),
    accountNumber: String(row.account_number),
    firstName: String(row.first_name),
    lastName: String(row.last_name),
    email: (row.email as string | null) ?? null,
    phone: (row.phone as string | null) ?? null,
    serviceAddress: String(row.service_address),
    city: (row.city as string | null) ?? null,
    postalCode: (row.postal_code as string | null) ?? null,
    customerSince: asDate(row.customer_since),
    status: row.status as AccountStatus,
    disconnectionKind: (row.disconnection_kind as DisconnectionKind | null) ?? null,
    ratePlan: String(row.rate_plan),
    billingCycle: row.billing_cycle as BillingCycle,
    paymentMethod: row.payment_method as PaymentMethodOnFile,
    preferredChannel: String(row.preferred_channel),
    notificationsOptOut: Boolean(row.notifications_opt_out),
    vipPinned: (row.vip_pinned as boolean | null) ?? null,
    vipPinReason: (row.vip_pin_reason as string | null) ?? null,
    version: asInt(row.version),
    usageUnit: (row.usage_unit as string | null) ?? 'gallons',
    vipSettings: vipSettingsFrom(row.vip_setting),
  };
}

/**
 * The account for a number as typed ("wu-10001", "WU 10001" and "WU-10001" are the
 * same account); NotFound when it is not a number or no account has it.
 */
export async function findAccountRecord(em: EntityManager, accountNumber: string): Promise<AccountRecord> {
  const canonical = normalizeAccountNumber(accountNumber);
  if (!canonical) throw new NotFound('Account', accountNumber);
  const rows = await em.getConnection().execute<Row[]>(ACCOUNT_SQL, [canonical]);
  if (!rows.length) throw new NotFound('Account', canonical);
  return toRecord(rows[0]);
}
