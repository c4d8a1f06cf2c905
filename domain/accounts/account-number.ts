/**
 * Account numbers (docs/rules.md#consumer-accounts): `WU-` followed by at least 5 digits, unique, never reused.
 * The canonical form is upper case with the hyphen; agents may type it any way.
 */

export const ACCOUNT_NUMBER_PREFIX = 'WU-';
const CANONICAL = /^WU-\d{5,}$/;

/** Whether `value` is a canonical account number (`WU-10001`). */
export function isValidAccountNumber(value: string): boolean {
  return CANONICAL.test(value);
}

/**
 * The account number for a positive integer sequence value: 10001 → "WU-10001",
 * 42 → "WU-00042" (zero-padded to the 5-digit minimum).
 */
export function formatAccountNumber(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError(`account sequence must be a positive integer, got ${sequence}`);
  }
  return `${ACCOUNT_NUMBER_PREFIX}${String(sequence).padStart(5, '0')}`;
}

/**
 * The canonical account number from user input, or null when it cannot be one:
 * "wu-10001", "WU 10001", "wu10001", " 10001 " → "WU-10001". Digits are kept as typed
 * (leading zeros are significant). Partial numbers ("WU-100") are a search concern and
 * return null here.
 */
export function normalizeAccountNumber(input: string): string | null {
  const compact = input.trim().toUpperCase().replace(/\s+/g, '');
  const match = /^(?:WU-?)?(\d{5,})$/.exec(compact);
  return match ? `${ACCOUNT_NUMBER_PREFIX}${match[1]}` : null;
}
