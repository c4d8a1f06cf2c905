/**
 * What one search box input can mean (docs/rules.md#search), decided without I/O. The input arrives
 * twice: as typed (digits, `@`, `WU-`, `M-` shapes) and folded by the database's own
 * `lower(f_unaccent())`, so names compare exactly as the indexes store them.
 */
import { normalizeAccountNumber } from '../account-number.js';

/** Name words shorter than this must match exactly or as a prefix; longer ones may carry one typo. */
export const TYPO_MIN_LENGTH = 4;
/** At most this many words of a name query are matched (the rest is ignored). */
export const MAX_NAME_TOKENS = 5;
const TYPO_ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

export interface SearchPlan {
  /** The folded input, whitespace collapsed: compared with folded names. */
  folded: string;
  /** Name words: folded, split on anything but a-z/0-9. */
  nameTokens: string[];
  /** `WU-10001` when the input is a whole account number in any spelling. */
  accountExact: string | null;
  /** `WU-100` for `wu-100`, `WU100`, or digits typed alone: account numbers starting so. */
  accountPrefix: string | null;
  /** Digits (3 or more) typed alone: account numbers containing them. */
  accountDigits: string | null;
  /** The phone digits when the input looks like a phone number (4 or more digits). */
  phoneDigits: string | null;
  /** Lower-case text to find in e-mail addresses. */
  email: string | null;
  /**
   * Whether `email` is looked for anywhere in an address (`true`) or only at its start. A word of
   * letters alone (`smith`) is a name typed, and an agent who means an address types what sets it
   * apart: `@`, a dot, digits.
   */
  emailInside: boolean;
  /** `M-5678` for `m-5678`, `M5678`: meter numbers starting so. */
  meterPrefix: string | null;
  /** Digits (3 or more) typed alone: meter numbers containing them. */
  meterDigits: string | null;
}

/** Collapses whitespace and trims: "  john   doe " → "john doe". */
export function cleanQuery(input: string): string {
  return input.replace(/\s+/g, ' ').trim();
}

/** Name words of folded text: "o'brien-smith  jo" → ["o", "brien", "smith", "jo"]. */
export function nameTokens(folded: string): string[] {
  return folded.split(/[^a-z0-9]+/).filter(Boolean).slice(0, MAX_NAME_TOKENS);
}

/**
 * Every string one edit away from `word` (delete, swap of neighbours, substitute, insert),
 * plus the word itself; letters are substituted/inserted in letter words, digits in digit
 * words: the typo rule in plain code. The search asks the database's `f_one_typo_apart`, which
 * tells the same (tests/account-search-names.test.ts holds them together), rather than
 * sending these few hundred strings with every name search.
 */
export function withOneEdit(word: string): string[] {
  const alphabet = /^\d+$/.test(word) ? DIGITS : TYPO_ALPHABET;
  const found = new Set<string>([word]);
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) found.add(head + tail.slice(1));
    if (tail.length > 1) found.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const ch of alphabet) {
      if (tail) found.add(head + ch + tail.slice(1));
      found.add(head + ch + tail);
    }
  }
  found.delete('');
  return [...found];
}

/**
 * `word` less each one of its letters, and the word itself (what the database's `f_word_deletions()`
 * keeps for every name word). Two words one edit apart always share one of these: the shorter one
 * (a deletion), the same word less the edited letter (a substitution), or less either swapped letter.
 */
export function withOneDeletion(word: string): string[] {
  return [...new Set([word, ...Array.from(word, (_, i) => word.slice(0, i) + word.slice(i + 1))])].filter(Boolean);
}

/** Whether `a` and `b` are at most one edit apart. */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a === b) return true;
  let i = 0;
  while (i < Math.min(a.length, b.length) && a[i] === b[i]) i++;
  if (a.length === b.length) {
    return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const ACCOUNT_SHAPE = /^wu(?:[\s-](\d*)|(\d+))$/i;
const PHONE_SHAPE = /^\+?[\d\s().-]+$/;
const METER_SHAPE = /^m[\s-]?(\d+)$/i;

/** The phone digits of a phone-shaped input; a leading North American `1` of 11 digits is dropped. */
export function phoneDigits(cleaned: string): string | null {
  if (!PHONE_SHAPE.test(cleaned)) return null;
  let digits = cleaned.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  return digits.length >= 4 ? digits : null;
}

function accountParts(cleaned: string): Pick<SearchPlan, 'accountExact' | 'accountPrefix' | 'accountDigits'> {
  const accountExact = normalizeAccountNumber(cleaned);
  const prefixed = ACCOUNT_SHAPE.exec(cleaned);
  if (prefixed) return { accountExact, accountPrefix: `WU-${prefixed[1] ?? prefixed[2]}`, accountDigits: null };
  if (/^\d+$/.test(cleaned)) {
    return { accountExact, accountPrefix: `WU-${cleaned}`, accountDigits: cleaned.length >= 3 ? cleaned : null };
  }
  return { accountExact, accountPrefix: null, accountDigits: null };
}

/** A folded word of letters alone: looked for as a name, and at the start of an e-mail address only. */
const LETTERS_ONLY = /^[a-z]+$/;

function emailPart(cleaned: string, folded: string): string | null {
  if (cleaned.includes(' ')) return null;
  if (folded.includes('@')) return folded;
  return folded.length >= 3 && /[a-z]/.test(folded) ? folded : null;
}

/** What to look for: `raw` as typed, `folded` = the database's `lower(f_unaccent(raw))`. */
export function planSearch(raw: string, folded: string): SearchPlan {
  const cleaned = cleanQuery(raw);
  const fold = cleanQuery(folded);
  const meter = METER_SHAPE.exec(cleaned);
  const digitsOnly = /^\d+$/.test(cleaned);
  const numberShaped = ACCOUNT_SHAPE.test(cleaned) || meter !== null || PHONE_SHAPE.test(cleaned) || fold.includes('@');
  const tokens = numberShaped ? [] : nameTokens(fold).filter((t) => /[a-z]/.test(t));
  return {
    folded: fold,
    nameTokens: tokens,
    ...accountParts(cleaned),
    phoneDigits: phoneDigits(cleaned),
    email: emailPart(cleaned, fold),
    emailInside: !LETTERS_ONLY.test(fold),
    meterPrefix: meter ? `M-${meter[1]}` : null,
    meterDigits: digitsOnly && cleaned.length >= 3 ? cleaned : null,
  };
}

/** The smallest string greater than every string starting with `prefix` (keys are a-z/0-9, compared bytewise). */
export function prefixUpperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** Escapes LIKE's wildcards so typed `%` and `_` match themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
