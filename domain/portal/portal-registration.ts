/**
 * Asking for portal access (docs/rules.md#consumer-portal-identity): whatever the details, the request
 * is answered the same way (202) and costs the same password hashing; only when the account number,
 * last name and latest bill amount name an account does an e-mail go out, through the outbox and the
 * jobs worker. Requests are limited per client address (before any hashing), per e-mail address and per
 * account number.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { audit } from '../audit/audit.js';
import { db, type Db } from '../common/database.js';
import { activeConsumerOf } from './active-consumer.js';
import { addOutboxMessage } from '../notifications/outbox.js';
import { hashPassword, type ScryptCost } from '../auth/password.js';
import { newSecret, sha256Hex } from '../auth/tokens.js';
import type { RegistrationOutcome } from './portal-registration.entity.js';
import {
  detailsMatch, LINK_TTL_HOURS, lettersFor, overLimit, REGISTRATIONS_PER_ADDRESS_PER_HOUR, registrationOutcome, type AccountOnFile,
} from './registration-rules.js';

/** Outbox kind (target `bullmq`) of one e-mail about a registration: `{registrationId, letter}`. */
export const PORTAL_LETTER_OUTBOX_KIND = 'send_portal_letter';

export interface RegistrationRequest {
  /** The client's address, as the sign-in throttle sees it (through trusted proxies). */
  ipAddress: string;
  /** Canonical (`WU-10001`). */
  accountNumber: string;
  lastName: string;
  latestBillAmountCents: number;
  /** Lower case. */
  email: string;
  password: string;
}

export interface RegistrationPolicy {
  cost: ScryptCost;
  secret: string;
  /** Requests one address may make in an hour (config PORTAL_REGISTRATIONS_PER_ADDRESS_PER_HOUR). */
  perAddressPerHour?: number;
}

/** The link's secret: an HMAC of the row's nonce under a key of its own derived from SESSION_SECRET. */
export function confirmationTokenFor(secret: string, nonce: string): string {
  const key = createHmac('sha256', secret).update('cistern:portal-registration').digest();
  return createHmac('sha256', key).update(nonce).digest('base64url');
}

/** Queues this transaction behind any other request from the same address (released at commit): its count sees them all. */
async function lockAddress(query: Db, ipAddress: string) {
  await query.selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.val(5), eb.fn('hashtext', [eb.val(ipAddress)])]).as('locked')).execute();
}

async function recentRequestsFrom(query: Db, ipAddress: string): Promise<number> {
  const row = await query.selectFrom('portal_registration').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('ip_address', '=', ipAddress).where('created_at', '>', sql<Date>`now() - interval '1 hour'`).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Queues this transaction behind any other request for the same e-mail or account (released at commit). */
async function lockCounters(query: Db, email: string, accountNumber: string) {
  // Always e-mail first, then account: the same order everywhere, so two requests never wait on each other in a cycle.
  for (const [space, key] of [[3, email], [4, accountNumber]] as const) {
    await query.selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.val(space), eb.fn('hashtext', [eb.val(key)])]).as('locked')).execute();
  }
}

/** Requests for the e-mail and for the account within the hour, this one (`ownId`) left out. */
async function recentRequests(query: Db, email: string, accountNumber: string, ownId: number) {
  const count = async (column: 'email' | 'account_number', value: string) => {
    const row = await query.selectFrom('portal_registration').select((eb) => eb.fn.countAll<string>().as('n'))
      .where(column, '=', value).where('created_at', '>', sql<Date>`now() - interval '1 hour'`).where('id', '<>', ownId).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return { byEmail: await count('email', email), byAccount: await count('account_number', accountNumber) };
}

/** The account the number names, with what the check compares and whether it already has an active consumer. */
async function accountOnFile(query: Db, accountNumber: string) {
  const account = await query.selectFrom('account').select(['id', 'last_name', 'email'])
    .where('account_number', '=', accountNumber).executeTakeFirst();
  if (!account) return null;
  const bill = await query.selectFrom('bill').select('amount_cents').where('account_id', '=', account.id)
    .orderBy('issued_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const consumer = await activeConsumerOf(query, account.id).select('id').executeTakeFirst();
  const onFile: AccountOnFile = { lastName: account.last_name, latestBillAmountCents: bill ? bill.amount_cents : null };
  return { id: account.id, email: account.email, onFile, hasConsumer: Boolean(consumer) };
}

async function emailInUse(query: Db, email: string): Promise<boolean> {
  const user = await query.selectFrom('app_user').select('id').where(sql`lower(email)`, '=', email).executeTakeFirst();
  return Boolean(user);
}

export interface RegistrationReceipt { outcome: RegistrationOutcome | 'over_limit'; outboxIds: number[] }

/**
 * Takes the request's place in its address's hour, or null over the limit: a row (outcome `no_match` until the
 * request is decided) written in a short transaction of its own, under a lock per address, so requests at the
 * same moment each see the ones before them, and no connection is held while the password is hashed.
 */
async function reservePlace(em: EntityManager, request: RegistrationRequest, addressLimit: number): Promise<number | null> {
  return em.transactional(async (tx) => {
    const query = db(tx);
    await lockAddress(query, request.ipAddress);
    if ((await recentRequestsFrom(query, request.ipAddress)) >= addressLimit) return null;
    const row = await query.insertInto('portal_registration').values({
      email: request.email, account_number: request.accountNumber, outcome: 'no_match', ip_address: request.ipAddress,
      created_at: sql`now()`, expires_at: sql`now() + make_interval(hours => ${LINK_TTL_HOURS})`,
    }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  });
}

/**
 * Handles one registration request. Over the limit per address nothing else happens: no hashing, nothing
 * written or sent. Otherwise the password is hashed, whatever follows, so a request that names no account
 * takes as long as one that does; over the limit per e-mail or account, nothing is kept or sent.
 */
export async function requestRegistration(em: EntityManager, request: RegistrationRequest, policy: RegistrationPolicy): Promise<RegistrationReceipt> {
  const placeId = await reservePlace(em, request, policy.perAddressPerHour ?? REGISTRATIONS_PER_ADDRESS_PER_HOUR);
  if (placeId === null) return { outcome: 'over_limit', outboxIds: [] };
  const passwordHash = await hashPassword(request.password, policy.cost);
  return em.transactional(async (tx) => {
    const query = db(tx);
    await lockCounters(query, request.email, request.accountNumber);
    if (overLimit(await recentRequests(query, request.email, request.accountNumber, placeId))) {
      await query.deleteFrom('portal_registration').where('id', '=', placeId).execute();
      return { outcome: 'over_limit', outboxIds: [] };
    }
    const account = await accountOnFile(query, request.accountNumber);
    const matched = detailsMatch(account?.onFile ?? null, request.lastName, request.latestBillAmountCents);
    const outcome = registrationOutcome({
      matched, emailInUse: matched && (await emailInUse(query, request.email)), accountHasConsumer: account?.hasConsumer ?? false,
    });
    const nonce = outcome === 'confirm' ? newSecret() : null;
    await query.updateTable('portal_registration').set({
      account_id: matched ? account!.id : null, outcome,
      password_hash: nonce ? passwordHash : null, nonce, token_hash: nonce ? sha256Hex(confirmationTokenFor(policy.secret, nonce)) : null,
    }).where('id', '=', placeId).execute();
    const outboxIds: number[] = [];
    for (const letter of lettersFor(outcome, request.email, account?.email ?? null)) {
      outboxIds.push(await addOutboxMessage(tx, 'bullmq', PORTAL_LETTER_OUTBOX_KIND, { registrationId: placeId, letter }));
    }
    if (matched) {
      await audit(tx, {
        userId: null, userName: `portal registration by ${request.email}`, action: 'portal.registration_requested',
        entity: 'account', entityId: request.accountNumber, after: { email: request.email, outcome },
      });
    }
    return { outcome, outboxIds };
  });
}
