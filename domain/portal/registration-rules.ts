/**
 * The pure rules of portal registration (docs/rules.md#consumer-portal-identity): when the details
 * someone typed name an account, what their request leads to, and which letters go out for it.
 */
import type { RegistrationOutcome } from './portal-registration.entity.js';

/** Requests per e-mail address, and per account number, within an hour; beyond that nothing is sent. */
export const REGISTRATIONS_PER_HOUR = 5;
/**
 * Requests per client address within an hour, before any password is hashed: a household or an office
 * behind one address registers a few accounts, while one client sending hundreds would keep the
 * server's hashing threads (and so everyone's sign-in) busy.
 */
export const REGISTRATIONS_PER_ADDRESS_PER_HOUR = 20;
/** How long a confirmation link works. */
export const LINK_TTL_HOURS = 24;

/** A name as compared: accents, case, spacing and the kind of apostrophe or hyphen do not matter. */
export function comparableName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'").replace(/[\u2010-\u2015]/g, '-').replace(/\s+/g, ' ').trim();
}

/** What the account on file says, for the check: its last name and its latest bill's amount (null: no bill yet). */
export interface AccountOnFile { lastName: string; latestBillAmountCents: number | null }

/** Whether the typed last name and bill amount are the account's: only the bill's holder knows both. */
export function detailsMatch(onFile: AccountOnFile | null, lastName: string, latestBillAmountCents: number): boolean {
  if (!onFile || onFile.latestBillAmountCents === null) return false;
  return comparableName(onFile.lastName) === comparableName(lastName) && onFile.latestBillAmountCents === latestBillAmountCents;
}

/** What a request that got past the limits leads to. */
export function registrationOutcome(facts: { matched: boolean; emailInUse: boolean; accountHasConsumer: boolean }): RegistrationOutcome {
  if (!facts.matched) return 'no_match';
  if (facts.emailInUse) return 'email_in_use';
  if (facts.accountHasConsumer) return 'account_taken';
  return 'confirm';
}

/** The e-mails a registration sends: to the address typed (or its owner), and a notice to the account's own address. */
export const PORTAL_LETTERS = ['confirm_link', 'email_in_use', 'account_taken', 'on_file_notice'] as const;
export type PortalLetter = (typeof PORTAL_LETTERS)[number];

/**
 * The letters for an outcome. A request that named no account sends nothing; one that did also tells
 * the e-mail on file for the account, when there is one and it is not the address typed.
 */
export function lettersFor(outcome: RegistrationOutcome, typedEmail: string, onFileEmail: string | null): PortalLetter[] {
  if (outcome === 'no_match') return [];
  const first: PortalLetter = outcome === 'confirm' ? 'confirm_link' : outcome;
  const onFile = onFileEmail?.trim().toLowerCase();
  return onFile && onFile !== typedEmail.trim().toLowerCase() ? [first, 'on_file_notice'] : [first];
}

/** Whether a request is over either limit, given the requests already made within the hour. */
export function overLimit(recent: { byEmail: number; byAccount: number }, limit = REGISTRATIONS_PER_HOUR): boolean {
  return recent.byEmail >= limit || recent.byAccount >= limit;
}
