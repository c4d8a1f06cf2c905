/**
 * Money and percent presentation. Amounts are integer cents (minor units) everywhere;
 * the only division by 100 happens here, for display, never for arithmetic.
 */
import { remembered } from './remembered.js';

/** A currency's formatter and its number of minor digits, made once per locale and currency (`resolvedOptions()` builds a new object per call). */
const formatters = new Map<string, { formatter: Intl.NumberFormat; digits: number }>();

function currencyFormatter(currency: string, locale: string): { formatter: Intl.NumberFormat; digits: number } {
  return remembered(formatters, `${locale}|${currency}`, () => {
    const formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    return { formatter, digits: formatter.resolvedOptions().maximumFractionDigits ?? 2 };
  });
}

/**
 * The largest amount a payment or a bill may carry: ten billion dollars, far above any water bill, and far below
 * where sums of amounts on one account would leave JavaScript's exact integers. Forms, API and CSV import alike.
 */
export const MAX_AMOUNT_CENTS = 1_000_000_000_000;

/** Throws unless `cents` is a safe integer: a float here means a bug upstream. */
export function assertCents(cents: number, field = 'amount'): void {
  if (!Number.isSafeInteger(cents)) {
    throw new RangeError(`${field} must be an integer number of cents, got ${cents}`);
  }
}

/**
 * Integer minor units as a currency string: 123456 → "$1,234.56", -500 → "-$5.00".
 * The currency's own number of minor digits is honoured (JPY has none), so the
 * value is always interpreted as that currency's smallest unit.
 */
export function formatCents(cents: number, currency = 'USD', locale = 'en-US'): string {
  assertCents(cents);
  const { formatter, digits } = currencyFormatter(currency, locale);
  return formatter.format(cents / 10 ** digits);
}

/**
 * Parses what an agent types ("1234.5", "$1,234.56", "-12") into integer cents, or
 * null when it is not an amount. Works on the digits as text so 0.1 + 0.2 never happens.
 */
export function parseCents(input: string): number | null {
  const match = /^(-)?\$?\s*(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{1,2}))?$/.exec(input.trim());
  if (!match || (match[2] === undefined && match[3] === undefined)) return null;
  const whole = Number((match[2] ?? '0').replaceAll(',', ''));
  const fraction = Number((match[3] ?? '0').padEnd(2, '0'));
  const cents = whole * 100 + fraction;
  if (!Number.isSafeInteger(cents)) return null;
  return match[1] && cents !== 0 ? -cents : cents;
}

/**
 * `part / whole × 100` rounded to one decimal, or null when `whole` is 0 (undefined,
 * shown as "—"). Rounds from the integer ratio ×1000 to avoid float drift such as
 * 72.45 → 72.4.
 */
export function percentOf(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return Math.round((part * 1000) / whole) / 10;
}

/** A percent (already ×100) with one decimal: 97.5 → "97.5%", 100 → "100.0%", null → "—". */
export function formatPercent(percent: number | null): string {
  if (percent === null || !Number.isFinite(percent)) return '—';
  return `${(Math.round(percent * 10) / 10).toFixed(1)}%`;
}
