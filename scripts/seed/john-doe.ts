/**
 * WU-10001, the account the product documents use as their example: John Doe, active,
 * meter M-5678 (device D-9012, Residential, Aquaflow X200) whose latest verified reading
 * is 12,580 gallons, and 11 of the 12 bills due in the trailing 12 months paid on time
 * (91.7 %, "about 92 %", docs/rules.md#bills-payments-and-compliance).
 *
 * How the numbers are made to hold whatever the as-of date:
 * - M-5678 replaced his old meter four readings ago (a smart-meter upgrade), so its
 *   register counts from zero and the four readings since add up to exactly 12,580;
 *   the old meter and its readings stay as history.
 * - His read day is the first one (from a seeded start) that puts exactly 12 due dates
 *   in the trailing 12 months, counted by the domain rule itself (isBillDue).
 * - One of those 12 bills is paid nine days late; every other bill on time.
 */
import { isBillDue } from '../../domain/billing/payment-compliance.js';
import { DUE_AFTER_ISSUE_DAYS, ISSUE_AFTER_READ_DAYS, type IssuedBill } from './billing.js';
import type { Timeline } from './context.js';
import { scaleToTotal } from './consumption.js';
import type { DocumentSpec } from './documents.js';
import type { Planted } from './fixtures.js';
import type { MeterIdentity } from './meter-history.js';
import type { AccountProfile } from './profile.js';
import type { Rng } from './prng.js';
import { readingDays } from './reading-schedule.js';
import { RATE_PLANS } from './tariff.js';

export const JOHN_DOE_INDEX = 0;
export const JOHN_DOE_METER: MeterIdentity = { meterNumber: 'M-5678', deviceNumber: 'D-9012', model: 'Aquaflow X200' };
export const JOHN_DOE_LATEST_READING = 12_580;
/** Readings on M-5678 since it replaced the old meter. */
const READINGS_ON_NEW_METER = 4;
const DUE_BILLS_WANTED = 12;
const MS_PER_DAY = 86_400_000;

const asDate = (day: number) => new Date(day * MS_PER_DAY);
/** The seed counts in whole days (day numbers), so its as-of day is read as a UTC day. */
const SEED_DAYS = 'UTC';

function dueBillCount(readDay: number, customerSince: number, timeline: Timeline): number {
  const days = readingDays({ readDay, customerSince, serviceEnd: null }, timeline);
  return days.slice(1)
    .filter((read) => read + ISSUE_AFTER_READ_DAYS <= timeline.lastDay)
    .filter((read) => isBillDue({ dueDate: asDate(read + ISSUE_AFTER_READ_DAYS + DUE_AFTER_ISSUE_DAYS) }, asDate(timeline.asOfDay), SEED_DAYS))
    .length;
}

function chooseReadDay(rng: Rng, customerSince: number, timeline: Timeline): number {
  const start = rng.int(1, 28);
  for (let k = 0; k < 28; k++) {
    const day = ((start - 1 + k) % 28) + 1;
    if (dueBillCount(day, customerSince, timeline) === DUE_BILLS_WANTED) return day;
  }
  // Fewer than 13 months of history cannot hold 12 due bills: keep the drawn day.
  return start;
}

export function johnDoeProfile(rng: Rng, timeline: Timeline, planted: Planted): AccountProfile {
  const customerSince = timeline.lastDay - 4_611; // about 12 years and 8 months
  return {
    index: JOHN_DOE_INDEX,
    accountNumber: 'WU-10001',
    name: { firstName: 'John', lastName: 'Doe' },
    contact: { serviceAddress: '1428 Elm Street', city: 'Springfield', postalCode: '62704', phone: '(217) 555-0142', email: 'john.doe@example.com' },
    plan: RATE_PLANS.standard,
    status: 'active',
    disconnectionKind: null,
    billingCycle: 'monthly',
    paymentMethod: 'manual',
    usualMethod: 'credit_card',
    behaviour: 'punctual',
    preferredChannel: 'email',
    notificationsOptOut: false,
    customerSince,
    readDay: chooseReadDay(rng, customerSince, timeline),
    usage: { base: 3_100, amplitude: 0.22, noise: 0.05 },
    serviceEnd: null,
    stoppedPaying: false,
    meterReplaced: true,
    planted,
  };
}

/** Where M-5678 takes over; null when the history is too short to hold the story (then no figure is pinned). */
export function johnDoeReplacementAt(readingCount: number): number | null {
  const at = readingCount - 1 - READINGS_ON_NEW_METER;
  return at >= 1 ? at : null;
}

/** Pins the usage on M-5678 so its register shows exactly 12,580 at the latest reading. */
export function pinLatestReading(usage: number[]): void {
  const from = usage.length - READINGS_ON_NEW_METER;
  const pinned = scaleToTotal(usage.slice(from), JOHN_DOE_LATEST_READING);
  usage.splice(from, READINGS_ON_NEW_METER, ...pinned);
}

/** The index (in bill order) of the one late bill: the sixth most recent of the 12 due. */
export function johnDoeLateBill(bills: IssuedBill[], timeline: Timeline): Set<number> {
  const due = bills
    .map((bill, index) => ({ bill, index }))
    .filter(({ bill }) => isBillDue({ dueDate: asDate(bill.due) }, asDate(timeline.asOfDay), SEED_DAYS));
  return new Set(due.length >= 6 ? [due[due.length - 6].index] : []);
}

export const JOHN_DOE_DOCUMENTS: DocumentSpec[] = [
  { kind: 'service_agreement', title: 'Service agreement', status: 'published', versions: 2 },
  { kind: 'report', title: 'Meter replacement report', status: 'verified', versions: 1 },
];
