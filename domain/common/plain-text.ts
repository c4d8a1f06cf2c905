/**
 * Text a client sends, as one zod type for every string the API and the forms accept:
 * no control character (tab, CR and LF are text), no broken UTF-16, and a length cap.
 */
import { z } from 'zod';
import { hasControlCharacter, hasLoneSurrogate } from './text-checks.js';

/** The cap of a string nothing tighter applies to (the longest free text, a note, has 10,000). */
export const TEXT_MAX_LENGTH = 10_000;

export const CONTROL_CHARACTER_MESSAGE = 'must not contain control characters such as NUL';
export const BROKEN_TEXT_MESSAGE = 'must be valid Unicode text';

/**
 * A string of at most `max` characters, without control characters or lone surrogates.
 * A missing value is "required" (forms drop empty fields); chain `.trim()`, `.min()`,
 * `.regex()` for more.
 */
export function plainText(max = TEXT_MAX_LENGTH) {
  return z.string({ error: (issue) => (issue.input === undefined ? 'required' : undefined) })
    .max(max, `at most ${max} characters`)
    .refine((value) => !hasControlCharacter(value), CONTROL_CHARACTER_MESSAGE)
    .refine((value) => !hasLoneSurrogate(value), BROKEN_TEXT_MESSAGE);
}
