// A complete consumer account for tests, inserted row by row (typed by the entities): see
// insertAccountFixture below for the story it tells.
import type { AccountStatus, BillingCycle, DisconnectionKind, FlagKind, PaymentMethodOnFile } from '../../domain/common/enums.js';
import { db } from '../../domain/common/database.js';
import type { Orm } from '../../infra/database/orm.js';
import { insertHistory, type FixtureHistory } from './account-fixture-history.js';
import { daysBefore, isoDay } from './account-fixture-kit.js';
import { insertRow } from './rows.js';
import { reallocateAccount } from '../../domain/billing/payment-allocations.js';
import { TEST_TIME_ZONE } from './time-zone.js';

export type { FixtureBill, FixturePayment } from './account-fixture-kit.js';

export interface AccountFixtureOptions {
  accountNumber?: string;
  firstName?: string;
  lastName?: string;
  email?: string | null;
  phone?: string | null;
  serviceAddress?: string;
  status?: AccountStatus;
  disconnectionKind?: DisconnectionKind | null;
  customerSince?: Date;
  ratePlan?: string;
  billingCycle?: BillingCycle;
  paymentMethod?: PaymentMethodOnFile;
  vipPinned?: boolean | null;
  vipPinReason?: string | null;
  /** "Today" for the story; default now. */
  asOf?: Date;
  /** Monthly bills and readings of history (default 12); 0 gives a bare account with a meter only. */
  months?: number;
  /** Typical monthly usage in gallons (default 4000); bills vary around it. */
  baseUsage?: number;
  /** Whether to add complaints, orders, communications, notes and documents (default true). */
  records?: boolean;
  /** Adds a complaint open for 45 days (a health penalty). */
  staleComplaint?: boolean;
  /** Opens a fraud or tampering flag on the account's meter. */
  openFlag?: FlagKind | null;
  meterNumber?: string;
  deviceNumber?: string;
}

export interface AccountFixture extends FixtureHistory {
  id: number;
  accountNumber: string;
  customerSince: Date;
  asOf: Date;
  meterId: number;
  meterNumber: string;
  deviceNumber: string;
  connectionId: number;
}

let sequence = 0;

/**
 * A meter on a service connection, a year of monthly bills and readings, payments (one paid
 * in two parts, one late, one failed then retried, one pending), a flagged and a rejected
 * reading, complaints, service orders with history, communications, notes (one edited),
 * documents with versions. Every date is relative to `asOf` (default now), so the story reads
 * the same on any day; what was inserted comes back as plain data for expected values.
 */
export async function insertAccountFixture(orm: Orm, options: AccountFixtureOptions = {}): Promise<AccountFixture> {
  const sql = db(orm.em);
  const asOf = options.asOf ?? new Date();
  sequence += 1;
  const n = sequence + Math.floor(Math.random() * 1000) * 100;
  const accountNumber = options.accountNumber ?? `WU-${String(50000 + n).padStart(5, '0')}`;
  const customerSince = options.customerSince ?? daysBefore(asOf, 6 * 365 + 30);
  const now = new Date();
  const id = await insertRow(sql, 'account', {
    account_number: accountNumber, first_name: options.firstName ?? 'John', last_name: options.lastName ?? 'Doe',
    email: options.email === undefined ? `john.doe.${n}@example.com` : options.email,
    phone: options.phone === undefined ? '+1 555 010 2030' : options.phone,
    service_address: options.serviceAddress ?? '12 Water Lane', city: 'Springfield', postal_code: '62701',
    customer_since: isoDay(customerSince), status: options.status ?? 'active', disconnection_kind: options.disconnectionKind ?? null,
    rate_plan: options.ratePlan ?? 'Standard Residential', billing_cycle: options.billingCycle ?? 'monthly',
    payment_method: options.paymentMethod ?? 'manual', vip_pinned: options.vipPinned ?? null, vip_pin_reason: options.vipPinReason ?? null,
    created_at: now, updated_at: now,
  });
  const meterNumber = options.meterNumber ?? `M-${70000 + n}`;
  const deviceNumber = options.deviceNumber ?? `D-${90000 + n}`;
  const installedAt = daysBefore(asOf, 3 * 365);
  const meterId = await insertRow(sql, 'meter', {
    meter_number: meterNumber, device_number: deviceNumber, type: 'Residential water', model: 'Aquaflow X200',
    installed_at: isoDay(installedAt), reading_status: 'active', created_at: now,
  });
  const connectionId = await insertRow(sql, 'service_connection', { account_id: id, address: '12 Water Lane, Springfield', created_at: now });
  await insertRow(sql, 'meter_assignment', { meter_id: meterId, connection_id: connectionId, assigned_at: isoDay(installedAt), created_at: now });
  if (options.openFlag) {
    await insertRow(sql, 'fraud_flag', {
      account_id: id, meter_id: meterId, kind: options.openFlag, note: `Seal broken on ${meterNumber}`, opened_at: daysBefore(asOf, 7),
    });
  }
  const history = await insertHistory(sql, {
    accountId: id, meterId, meterNumber, tag: accountNumber, asOf, months: options.months ?? 12,
    records: options.records ?? true, staleComplaint: options.staleComplaint ?? false, baseUsage: options.baseUsage ?? 4000,
  });
  // Rows inserted directly: their allocations are what the services would have written.
  await reallocateAccount(orm.em.fork(), id, TEST_TIME_ZONE);
  return { id, accountNumber, customerSince, asOf, meterId, meterNumber, deviceNumber, connectionId, ...history };
}

