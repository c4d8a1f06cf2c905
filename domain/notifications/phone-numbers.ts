/** Phone numbers as the SMS channel needs them: E.164, or nothing to text. */

/** A phone number as E.164 (+15551234567); US/Canada numbers may be written without +1. Null when it is not one. */
export function toE164(phone: string): string | null {
  const digits = phone.replace(/[^\d]/g, '');
  if (phone.trim().startsWith('+')) return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : null;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  return null;
}
