/**
 * Creating accounts and editing their contact data (docs/rules.md#consumer-accounts, docs/rules.md#consumer-profile). A new account is
 * `pending` under the next free number, never a reused one. Contact edits are guarded
 * by the row's version: an edit made on a stale copy is refused with the values now
 * stored, so the agent sees what the other person changed instead of overwriting it.
 */
import { OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { Account, type IAccount } from './account.entity.js';
import type { BillingCycle, PaymentMethodOnFile } from '../common/enums.js';
import { Conflict, Invalid, NotFound } from '../common/errors.js';
import { canonicalAccountNumber, type ContactFields } from './account-record.js';
import { audit } from '../audit/audit.js';
import { nextPublicNumber, resyncPublicNumbers } from '../common/public-numbers.js';
import type { Actor } from '../common/actor.js';
import { utilityIsoDay } from '../common/calendar.js';
import { db } from '../common/database.js';

export interface NewAccount extends Partial<ContactFields> {
  firstName: string;
  lastName: string;
  serviceAddress: string;
  /** YYYY-MM-DD, the utility's local day; today when not given. */
  customerSince?: string;
  ratePlan: string;
  billingCycle: BillingCycle;
  paymentMethod: PaymentMethodOnFile;
}

/** The fields to change (absent = unchanged) and the version the agent's copy was read at. */
export type ContactChanges = Partial<ContactFields> & { version: number };

const CONTACT_KEYS = ['firstName', 'lastName', 'email', 'phone', 'serviceAddress', 'city', 'postalCode', 'preferredChannel', 'notificationsOptOut'] as const;

export function contactOf(account: Pick<IAccount, (typeof CONTACT_KEYS)[number]>): ContactFields {
  return Object.fromEntries(CONTACT_KEYS.map((k) => [k, account[k] ?? null])) as unknown as ContactFields;
}

/** Inserts under the next free number; resyncs the sequence once when bulk-loaded data got ahead of it. */
async function insertAccount(em: EntityManager, input: NewAccount, today: string): Promise<string> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const accountNumber = await nextPublicNumber(em, 'account');
    const inserted = await db(em).insertInto('account')
      .values({
        account_number: accountNumber, first_name: input.firstName, last_name: input.lastName, email: input.email ?? null,
        phone: input.phone ?? null, service_address: input.serviceAddress, city: input.city ?? null, postal_code: input.postalCode ?? null,
        customer_since: input.customerSince ?? today, status: 'pending', rate_plan: input.ratePlan,
        billing_cycle: input.billingCycle, payment_method: input.paymentMethod, preferred_channel: input.preferredChannel ?? 'email',
        notifications_opt_out: input.notificationsOptOut ?? false, balance_cents: 0, version: 1,
        created_at: sql<Date>`now()`, updated_at: sql<Date>`now()`,
      })
      .onConflict((oc) => oc.column('account_number').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return accountNumber;
    await resyncPublicNumbers(em, 'account');
  }
  throw new Conflict('Could not allocate an account number; try again.');
}

/** Opens an account; `timeZone` is the utility's, whose calendar day "today" is (docs/rules.md#dates-times-and-money). */
export async function createAccount(em: EntityManager, input: NewAccount, actor: Actor, timeZone: string): Promise<string> {
  const today = utilityIsoDay(new Date(), timeZone);
  // Tenure counts from this day; a future one would make it negative.
  if (input.customerSince && input.customerSince > today) throw new Invalid('Customer since cannot be in the future.', { customerSince: 'in the future' });
  return em.transactional(async (tx) => {
    const accountNumber = await insertAccount(tx, input, today);
    await audit(tx, { userId: actor.userId, userName: actor.name, action: 'account.create', entity: 'account', entityId: accountNumber, after: { ...input, status: 'pending' } });
    return accountNumber;
  });
}

/** The 409 of a stale edit: the version now stored and the values someone else saved. */
export class StaleAccount extends Conflict {
  constructor(readonly currentVersion: number, readonly current: ContactFields) {
    super('Someone else changed this record since you loaded it; their values are shown.', { reason: 'stale_version', currentVersion, current });
  }
}

async function staleError(em: EntityManager, accountNumber: string): Promise<StaleAccount> {
  const fresh = await em.fork().findOne(Account, { accountNumber });
  if (!fresh) return new StaleAccount(0, contactOf({} as IAccount));
  return new StaleAccount(fresh.version, contactOf(fresh));
}

/**
 * Applies contact changes if the agent's copy is current. The ORM's version check in
 * the UPDATE settles a race between two saves of the same version: one wins, the other
 * gets the same 409 as an edit of an old page.
 */
export async function updateContact(em: EntityManager, rawNumber: string, changes: ContactChanges, actor: Actor): Promise<void> {
  const accountNumber = canonicalAccountNumber(rawNumber);
  try {
    await em.transactional(async (t) => {
      const account = await t.findOne(Account, { accountNumber });
      if (!account) throw new NotFound('Account', accountNumber);
      if (account.version !== changes.version) throw new StaleAccount(account.version, contactOf(account));
      const before = contactOf(account);
      const { version: _version, ...fields } = changes;
      t.assign(account, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
      const after = contactOf(account);
      if (CONTACT_KEYS.every((k) => before[k] === after[k])) return;
      await audit(t, { userId: actor.userId, userName: actor.name, action: 'account.update', entity: 'account', entityId: accountNumber, before, after });
    });
  } catch (error) {
    if (error instanceof OptimisticLockError) throw await staleError(em, accountNumber);
    throw error;
  }
}
