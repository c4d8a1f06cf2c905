/**
 * The keyset cursor of the timeline: the last entry shown, as (time to the microsecond, source,
 * row id) — the order the timeline sorts by, newest first — in URL-safe base64. The next page
 * is everything strictly older than it in that order, so rows added meanwhile never shift a page.
 */
import { isTimelineSource, type TimelineSource } from './timeline-kinds.js';

export interface TimelineCursor {
  /** The entry's time, ISO 8601 in UTC with microseconds (`2026-11-27T14:03:05.123456Z`): exact, unlike a Date. */
  at: string;
  source: TimelineSource;
  id: number;
}

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(cursor: TimelineCursor): string {
  return Buffer.from(`${cursor.at}|${cursor.source}|${cursor.id}`, 'utf8').toString('base64url');
}

/** The cursor a client sent back, or null when it is not one this server made. */
export function decodeCursor(value: string): TimelineCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) return null;
  const [at, source, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (rest.length || !at || !AT.test(at) || Number.isNaN(Date.parse(at)) || !source || !isTimelineSource(source)) return null;
  if (!/^[1-9]\d{0,9}$/.test(id ?? '') || Number(id) > 2_147_483_647) return null;
  return { at, source, id: Number(id) };
}
