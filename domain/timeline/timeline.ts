/**
 * The account timeline (docs/rules.md#account-timeline): one page of everything that happened to
 * an account, newest first, with the cursor of the next page.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { findAccount } from '../accounts/account-record.js';
import { decodeCursor, encodeCursor } from './timeline-cursor.js';
import { entryOf, type TimelineEntry } from './timeline-entries.js';
import { TIMELINE_MAX_PAGE_SIZE, type TimelineFilter } from './timeline-filter.js';
import { timelineRows, type TimelineRow } from './timeline-query.js';

export interface TimelinePage {
  accountNumber: string;
  items: TimelineEntry[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/** A page of the timeline of an account known by id and number (the profile has both). */
export async function timelineOf(em: EntityManager, account: { id: number; accountNumber: string }, filter: TimelineFilter, timeZone: string): Promise<TimelinePage> {
  const rows = await timelineRows(em, { id: account.id, number: account.accountNumber }, filter, timeZone);
  return timelinePageOf(rows, account.accountNumber, filter.pageSize);
}

/** The page of `pageSize` entries that `rows` (the page's rows and one more when there is a next page) make. */
export function timelinePageOf(rows: TimelineRow[], accountNumber: string, pageSize: number): TimelinePage {
  const shown = rows.slice(0, pageSize);
  const items = shown.map((row) => entryOf(row, accountNumber)).filter((e): e is TimelineEntry => e !== null);
  const last = shown[shown.length - 1];
  const nextCursor = rows.length > pageSize && last ? encodeCursor({ at: last.atKey, source: last.source, id: last.id }) : null;
  return { accountNumber, items, nextCursor };
}

/** A page of the timeline of the account a number names; NotFound when there is none. */
export async function accountTimeline(em: EntityManager, accountNumber: string, filter: TimelineFilter, timeZone: string): Promise<TimelinePage> {
  const account = await findAccount(em, accountNumber);
  return timelineOf(em, account, filter, timeZone);
}

/** Pages of the timeline from the newest, up to `max` entries: the exports. */
export async function timelineUpTo(em: EntityManager, accountNumber: string, filter: Omit<TimelineFilter, 'pageSize'>, timeZone: string, max: number) {
  const account = await findAccount(em, accountNumber);
  const items: TimelineEntry[] = [];
  let after = filter.after;
  while (items.length < max) {
    const page = await timelineOf(em, account, { ...filter, after, pageSize: Math.min(TIMELINE_MAX_PAGE_SIZE, max - items.length) }, timeZone);
    items.push(...page.items);
    if (!page.nextCursor) break;
    after = decodeCursor(page.nextCursor) ?? undefined;
  }
  return { accountNumber: account.accountNumber, items };
}
