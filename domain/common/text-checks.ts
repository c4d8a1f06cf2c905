/**
 * What makes client text unfit to store: a control character or a lone UTF-16 surrogate.
 * Free of zod and I/O, so the workflow sandbox (move-arguments.ts) checks text the same way
 * as the API's shared text type (plain-text.ts).
 */

/** Every Unicode control character (C0, DEL, C1) but tab, LF and CR: PostgreSQL refuses NUL, and none is typed on purpose. */
const CONTROL_CHARACTER = /[^\P{Cc}\t\n\r]/u;
/** A lone surrogate would be stored as U+FFFD: the text would silently change. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

export function isPlainText(text: string): boolean {
  return !hasControlCharacter(text) && !hasLoneSurrogate(text);
}
