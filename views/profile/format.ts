/** Presentation helpers shared by the profile views: dates, enum labels, durations, numbers. */
import { utilityOffsetMs } from '../../domain/common/utility-time.js';
import { remembered } from '../../domain/common/remembered.js';

/** A calendar date as YYYY-MM-DD, or a dash. */
export function formatDay(date: Date | null | undefined): string {
  return date ? date.toISOString().slice(0, 10) : '—';
}

/** An instant as "YYYY-MM-DD HH:mm" in the utility's time zone, or a dash. */
export function formatDateTime(date: Date | null | undefined, timeZone: string): string {
  if (!date) return '—';
  const wall = new Date(date.getTime() + utilityOffsetMs(date, timeZone)).toISOString();
  return `${wall.slice(0, 10)} ${wall.slice(11, 16)}`;
}

const SPECIAL_LABELS: Record<string, string> = {
  ach: 'ACH', autopay: 'Auto-pay', sms: 'SMS', to_customer: 'To customer', from_customer: 'From customer',
  in_progress: 'In progress', meter_reading: 'Meter reading', out_of_order: 'Out of order',
};

/** An enumeration value as words: "credit_card" → "Credit card", "ach" → "ACH". */
export function enumLabel(value: string | null | undefined): string {
  if (!value) return '—';
  const special = SPECIAL_LABELS[value];
  if (special) return special;
  const words = value.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A call length: 245 → "4 min 5 s". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return minutes ? `${minutes} min ${rest} s` : `${rest} s`;
}

// toLocaleString with options builds a new Intl.NumberFormat on every call (a profile page formats dozens of numbers); one per precision is kept.
const numberFormats = new Map<number, Intl.NumberFormat>();
const numberFormatOf = (digits: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined) return '—';
  return remembered(numberFormats, digits, numberFormatOf).format(value);
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
