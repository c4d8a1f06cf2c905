/**
 * What the account-activity writers (notes, communications, complaints, documents)
 * share: the account a record is written to, and the checks every free-text field gets.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../shared/database.js';
import { Invalid, NotFound } from '../shared/errors.js';
import { normalizeAccountNumber } from '../accounts/account-number.js';

export interface AccountRef { id: number; accountNumber: string }

/** The account a record is written to; NotFound (404) for a number no account has. */
export async function accountForWrite(em: EntityManager, accountNumber: string): Promise<AccountRef> {
  const canonical = normalizeAccountNumber(accountNumber);
  if (!canonical) throw new NotFound('Account', accountNumber);
  const account = await db(em).selectFrom('account').select('id').where('account_number', '=', canonical).executeTakeFirst();
  if (!account) throw new NotFound('Account', canonical);
  return { id: account.id, accountNumber: canonical };
}

/** A required text, trimmed at the ends (inner line breaks are kept); 422 naming the field when empty or too long. */
export function requiredText(value: string | null | undefined, field: string, max: number): string {
  const text = (value ?? '').trim();
  if (!text) throw new Invalid(`${field} is required.`, { [field]: 'required' });
  if (text.length > max) throw new Invalid(`${field} is too long (at most ${max} characters).`, { [field]: `at most ${max} characters` });
  return text;
}

/** An optional text: empty means "not given" (null). */
export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  const text = (value ?? '').trim();
  return text ? requiredText(text, field, max) : null;
}

/** A clock a few minutes fast still counts as "now"; anything later is a typing mistake. */
export const FUTURE_SLACK_MS = 5 * 60_000;
