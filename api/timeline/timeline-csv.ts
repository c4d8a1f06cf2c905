/**
 * The timeline as CSV (RFC 4180): a header row, then one line per entry. No CSV writer is
 * installed, and the rule is small: a field with a comma, quote or line break is quoted, with
 * quotes doubled. A field that a spreadsheet would run as a formula (starting with = + - @ or a
 * tab/return) is prefixed with an apostrophe: summaries carry text customers and agents typed.
 */
import type { TimelineEntry } from '../../domain/timeline/timeline-entries.js';

const HEADER = ['at', 'kind', 'summary', 'actor', 'portal', 'link'];

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function timelineCsv(entries: readonly TimelineEntry[], baseUrl: string): string {
  const lines = [HEADER.join(',')];
  for (const e of entries) {
    lines.push([e.at.toISOString(), e.kind, e.summary, e.actor ?? '', e.portal ? 'yes' : 'no', `${baseUrl}${e.link}`].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
