/**
 * What a timeline request asks for (docs/rules.md#account-timeline): kinds, a range of the
 * utility's local days, a cursor and a page size; and the instants and days that range
 * bounds each source's time column with.
 */
import { isoDay, startOfUtilityDay, utilityIsoDay } from '../common/calendar.js';
import { Invalid } from '../common/errors.js';
import { TIMELINE_KINDS, isTimelineKind, type TimelineKind } from './timeline-kinds.js';
import type { TimelineCursor } from './timeline-cursor.js';

export const TIMELINE_PAGE_SIZE = 25;
export const TIMELINE_MAX_PAGE_SIZE = 200;

export interface TimelineFilter {
  /** Empty: every kind. */
  kinds: readonly TimelineKind[];
  /** The first and last utility-local days shown (`YYYY-MM-DD`), both included. */
  fromDay?: string;
  toDay?: string;
  /** The last entry of the previous page. */
  after?: TimelineCursor;
  pageSize: number;
}

/**
 * The kinds a request names, as repeated `kind=` values or comma-separated ones; an unknown
 * one is a 422 naming the `kind` field and the kinds there are.
 */
export function parseKinds(values: readonly string[]): TimelineKind[] {
  const kinds = new Set<TimelineKind>();
  for (const value of values.flatMap((v) => v.split(','))) {
    const name = value.trim();
    if (!name) continue;
    if (!isTimelineKind(name)) throw new Invalid(`Unknown timeline kind "${name.slice(0, 40)}"`, { kind: `one of ${TIMELINE_KINDS.join(', ')}` });
    kinds.add(name);
  }
  return [...kinds];
}

/** A range that ends before it starts names `to`. */
export function checkRange(fromDay: string | undefined, toDay: string | undefined): void {
  if (fromDay && toDay && toDay < fromDay) throw new Invalid('The range ends before it starts', { to: 'on or after from' });
}

/** The range as bounds on a timestamp column (from inclusive, to exclusive) and on a `date` column (both inclusive). */
export interface TimelineBounds {
  fromInstant?: Date;
  toInstantExclusive?: Date;
  fromDay?: string;
  toDay?: string;
}

export function boundsOf(filter: Pick<TimelineFilter, 'fromDay' | 'toDay'>, timeZone: string): TimelineBounds {
  return {
    fromInstant: filter.fromDay ? startOfUtilityDay(filter.fromDay, timeZone) : undefined,
    toInstantExclusive: filter.toDay ? startOfUtilityDay(nextDay(filter.toDay), timeZone) : undefined,
    fromDay: filter.fromDay,
    toDay: filter.toDay,
  };
}

/** The calendar day after `YYYY-MM-DD`. */
export function nextDay(day: string): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000));
}

/** The utility-local day a cursor's time falls on: the bound a `date` column can use. */
export const cursorDay = (cursor: TimelineCursor, timeZone: string): string => utilityIsoDay(new Date(cursor.at), timeZone);
