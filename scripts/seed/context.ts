/**
 * What every account's generation shares: the options that make the data reproducible
 * (seed, as-of date, months of history, how many accounts) and the ids of the rows made
 * before the accounts (demo users, technicians), which orders and notes point at.
 */
import { addMonthsToDay, SECONDS_PER_DAY } from './days.js';

export interface Person {
  id: number | null;
  name: string;
}

export interface TechnicianRef {
  id: number;
  name: string;
  skills: readonly string[];
}

export interface SeedContext {
  seed: number;
  /** Day number of the as-of date: all history ends before this day begins. */
  asOfDay: number;
  months: number;
  accounts: number;
  users: { agent: Person; dispatcher: Person; admin: Person };
  technicians: readonly TechnicianRef[];
  /** The utility's time zone: payments are allocated to bills on its calendar days. */
  timeZone: string;
}

export interface Timeline {
  asOfDay: number;
  /** The last day anything happened on: the day before the as-of date. */
  lastDay: number;
  /** Seconds at the start of the as-of day: every timestamp is earlier. */
  cutoff: number;
  /** First day of the history window (as-of date minus `months`). */
  windowStart: number;
}

export function timelineOf(context: SeedContext): Timeline {
  return {
    asOfDay: context.asOfDay,
    lastDay: context.asOfDay - 1,
    cutoff: context.asOfDay * SECONDS_PER_DAY,
    windowStart: addMonthsToDay(context.asOfDay, -context.months),
  };
}
