/**
 * What a consumer's home page and GET /me show (docs/rules.md#self-service-portal): the account,
 * its live balance (the same computation as the staff profile's header), what is due when, and
 * the notifications sent to them.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadAccountProfile } from '../accounts/account-profile.js';
import type { AccountStatus } from '../common/enums.js';
import { db } from '../common/database.js';
import { fetchPage, type Page, type PageRequest } from '../common/paging.js';
import { BILL_ITEM_COLUMNS, paidCentsOfBill, toBillItem } from '../billing/profile-finance.js';
import type { CommunicationItem } from '../communications/profile-records.js';
import { getPreferences, type Preferences } from './portal-preferences.js';

/** A bill not yet paid in full: what is left of it and when it was (or is) due. */
export interface DueBill { billId: number; dueDate: Date; amountCents: number; remainingCents: number; overdue: boolean }

export interface ConsumerAccount extends Preferences {
  accountNumber: string;
  name: string;
  status: AccountStatus;
  email: string | null;
  serviceAddress: string;
  usageUnit: string;
  /** Signed: negative is a credit. */
  balanceCents: number;
  outstandingCents: number;
  overdueCents: number;
  creditCents: number;
  /** Open bills, the one due first first. */
  due: DueBill[];
}

/** The account's bills not yet paid in full by their allocations, earliest due first. */
async function openBills(em: EntityManager, accountId: number, today: string): Promise<DueBill[]> {
  const rows = await db(em).selectFrom('bill').select(BILL_ITEM_COLUMNS).select(paidCentsOfBill)
    .where('account_id', '=', accountId).orderBy('due_date').orderBy('id').execute();
  return rows.map(toBillItem)
    .filter((b) => b.paidCents < b.amountCents)
    .map((b) => ({
      billId: b.id, dueDate: b.dueDate, amountCents: b.amountCents, remainingCents: b.amountCents - b.paidCents,
      overdue: b.dueDate.toISOString().slice(0, 10) < today,
    }));
}

export async function consumerAccount(em: EntityManager, accountId: number, accountNumber: string, timeZone: string, today: string): Promise<ConsumerAccount> {
  const [{ record, insights }, preferences, due] = await Promise.all([
    loadAccountProfile(em, accountNumber, timeZone), getPreferences(em, accountId), openBills(em, accountId, today),
  ]);
  const { balance } = insights;
  return {
    accountNumber: record.accountNumber, name: `${record.firstName} ${record.lastName}`, status: record.status, email: record.email,
    serviceAddress: record.serviceAddress, usageUnit: record.usageUnit, ...preferences,
    balanceCents: balance.balanceCents, outstandingCents: balance.outstandingCents, overdueCents: balance.overdueCents,
    creditCents: balance.creditCents, due,
  };
}

/** Every notification sent to the account (its Communication history of system notifications), newest first. */
export function listNotificationsSent(em: EntityManager, accountId: number, request: PageRequest): Promise<Page<CommunicationItem>> {
  const sent = db(em).selectFrom('communication as c')
    .where('c.account_id', '=', accountId).where('c.channel', '=', 'system').where('c.direction', '=', 'to_customer');
  const select = sent
    .select(['c.id', 'c.channel', 'c.direction', 'c.subject', 'c.body', 'c.duration_seconds as durationSeconds', 'c.occurred_at as occurredAt', 'c.notification_id as notificationId'])
    .orderBy('c.occurred_at', 'desc').orderBy('c.id', 'desc');
  return fetchPage(select, sent.select((eb) => eb.fn.countAll<string>().as('total')), request, (row) => ({ ...row, createdBy: null }));
}
