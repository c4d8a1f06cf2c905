/**
 * What the account-activity writers (notes, communications, complaints, documents)
 * share: the checks every free-text field gets (the account comes from `findAccount`).
 */
import { Invalid } from '../common/errors.js';

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
