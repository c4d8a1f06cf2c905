/**
 * Text a client sends, as one zod type for every string the API and the forms accept:
 * no NUL or other C0 control character (tab, CR and LF are text), no broken UTF-16, and a length cap.
 */
import { z } from 'zod';

/** The cap of a string nothing tighter applies to (the longest free text, a note, has 10,000). */
export const TEXT_MAX_LENGTH = 10_000;

export const CONTROL_CHARACTER_MESSAGE = 'must not contain control characters such as NUL';
export const BROKEN_TEXT_MESSAGE = 'must be valid Unicode text';

// PostgreSQL refuses NUL in text and JSON (a 500 if it gets that far); the other controls are never typed on purpose.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
// A lone surrogate would be stored as U+FFFD: the text would silently change.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasControlCharacter(value: string): boolean {
  return CONTROL_CHARACTER.test(value);
}

export function isPlainText(value: string): boolean {
  return !CONTROL_CHARACTER.test(value) && !LONE_SURROGATE.test(value);
}

/**
 * A string of at most `max` characters, without control characters or lone surrogates.
 * A missing value is "required" (forms drop empty fields); chain `.trim()`, `.min()`,
 * `.regex()` for more.
 */
export function plainText(max = TEXT_MAX_LENGTH) {
  return z.string({ error: (issue) => (issue.input === undefined ? 'required' : undefined) })
    .max(max, `at most ${max} characters`)
    .refine((value) => !CONTROL_CHARACTER.test(value), CONTROL_CHARACTER_MESSAGE)
    .refine((value) => !LONE_SURROGATE.test(value), BROKEN_TEXT_MESSAGE);
}
