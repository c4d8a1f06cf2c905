/**
 * Complaint ageing, shared by the health score (penalty), the profile alerts and VIP
 * so that "open for more than 30 days" means the same thing on every screen.
 */
import { inUtilityTrailingMonths, utilityDaysBetween } from '../common/calendar.js';

/** A complaint as the rules see it; `resolvedAt` null means still open. */
export interface ComplaintFacts {
  openedAt: Date;
  resolvedAt: Date | null;
}

/** docs/rules.md#health-score: a complaint costs points once it has been unresolved for MORE than this. */
export const COMPLAINT_STALE_AFTER_DAYS = 30;

/**
 * Whether the complaint is open as of `asOf`. A resolution dated after `asOf` does not
 * count yet, so recomputing a past day gives that day's answer.
 */
export function isOpenAt(complaint: ComplaintFacts, asOf: Date): boolean {
  return complaint.resolvedAt === null || complaint.resolvedAt.getTime() > asOf.getTime();
}

/** The utility's calendar days the complaint has been open as of `asOf` (0 on the local day it was opened). */
export function daysOpen(complaint: ComplaintFacts, asOf: Date, timeZone: string): number {
  return Math.max(0, utilityDaysBetween(complaint.openedAt, asOf, timeZone));
}

/**
 * Open and unresolved for more than 30 calendar days: opened 1 January is stale on
 * 1 February (31 days), not on 31 January (30 days). Resolved complaints are never
 * stale, however long they took.
 */
export function isStale(complaint: ComplaintFacts, asOf: Date, timeZone: string): boolean {
  return isOpenAt(complaint, asOf) && daysOpen(complaint, asOf, timeZone) > COMPLAINT_STALE_AFTER_DAYS;
}

/** Complaints opened in the trailing 12 months (the window of docs/rules.md#health-score and docs/rules.md#vip). */
export function complaintsInLast12Months<T extends ComplaintFacts>(complaints: T[], asOf: Date, timeZone: string): T[] {
  return complaints.filter((c) => inUtilityTrailingMonths(c.openedAt, asOf, 12, timeZone));
}
