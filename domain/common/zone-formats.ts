/**
 * Intl date formats in a time zone, one per zone and shape: building one costs ~150 µs on a busy host,
 * using it a few µs, and pages and the nightly run format thousands of instants in the utility's zone.
 */
import { remembered } from './remembered.js';

/** The format of `options` in `timeZone`, kept in `formats` (one Map per shape) after its first use. */
export function formatIn(formats: Map<string, Intl.DateTimeFormat>, timeZone: string, options: Intl.DateTimeFormatOptions, locale = 'en-US'): Intl.DateTimeFormat {
  return remembered(formats, timeZone, () => new Intl.DateTimeFormat(locale, { ...options, timeZone }));
}
