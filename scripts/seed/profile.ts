/**
 * Who an account is and how it behaves: status, rate plan, billing cycle, tenure,
 * usage pattern and payment habits. Everything later (readings, bills, payments,
 * orders) follows from this profile, so the rows of one account tell one coherent story.
 */
import type { AccountStatus, BillingCycle, DisconnectionKind, PaymentMethod, PaymentMethodOnFile } from '../../domain/common/enums.js';
import type { Timeline } from './context.js';
import { contactFor, type Contact } from './contact.js';
import type { Planted } from './fixtures.js';
import { personName, type PersonName } from './names.js';
import type { Rng } from './prng.js';
import { drawRatePlan, RATE_PLANS, type RatePlan } from './tariff.js';

export type PaymentBehaviour = 'punctual' | 'occasional' | 'chronic';

export interface AccountProfile {
  index: number;
  accountNumber: string;
  name: PersonName;
  contact: Contact;
  plan: RatePlan;
  status: AccountStatus;
  disconnectionKind: DisconnectionKind | null;
  billingCycle: BillingCycle;
  paymentMethod: PaymentMethodOnFile;
  usualMethod: PaymentMethod;
  behaviour: PaymentBehaviour;
  preferredChannel: 'email' | 'sms';
  notificationsOptOut: boolean;
  customerSince: number;
  /** Day of the month the meter is read (1–28). */
  readDay: number;
  /** Average monthly gallons, seasonal swing (0–1) and month-to-month noise. */
  usage: { base: number; amplitude: number; noise: number };
  /** Last day of service for inactive and disconnected accounts (move-out, disconnection). */
  serviceEnd: number | null;
  /** Whether the account stopped paying (collection, disconnection for non-payment). */
  stoppedPaying: boolean;
  /** A replaced meter during the window: the old one keeps its history. */
  meterReplaced: boolean;
  planted: Planted;
}

const STATUS_WEIGHTS = {
  active: 76, inactive: 8, pending: 3, disconnected_temporary: 5, disconnected_permanent: 2, collection: 6,
} as const;
type StatusDraw = keyof typeof STATUS_WEIGHTS;

const DAY = 1;
const YEAR = 365;

/** A status the planted showcase order needs; otherwise null and the status is drawn. */
function statusForShowcase(planted: Planted): StatusDraw | null {
  const order = planted.showcaseOrder;
  if (!order) return null;
  const open = order.status !== 'completed' && order.status !== 'cancelled';
  if (order.type === 'transfer' && order.status === 'completed') return 'inactive';
  if (!open) return null;
  if (order.type === 'installation') return 'pending';
  if (order.type === 'reconnection') return 'disconnected_temporary';
  if (order.type === 'disconnection') return 'collection';
  return 'active';
}

function drawStatus(rng: Rng, planted: Planted): StatusDraw {
  if (planted.anomaly || planted.staleComplaint || planted.openTampering) return 'active';
  const forced = statusForShowcase(planted);
  if (forced) return forced;
  const drawn = rng.weighted(STATUS_WEIGHTS);
  // A pending account has no meter yet: no place for a past order.
  return planted.showcaseOrder && drawn === 'pending' ? 'active' : drawn;
}

/** Tenure: pending accounts are weeks old; the others need enough history for their story. */
function drawCustomerSince(rng: Rng, status: StatusDraw, timeline: Timeline, planted: Planted): number {
  // A new connection's open installation order is at most two weeks old.
  if (status === 'pending') return timeline.lastDay - rng.int(15 * DAY, 45 * DAY);
  const needsHistory = status !== 'active' || planted.anomaly !== null || planted.openTampering;
  const minDays = needsHistory ? 3 * YEAR : 45 * DAY;
  return timeline.lastDay - rng.int(minDays, 30 * YEAR);
}

/** When service ended for accounts that no longer receive it. */
function drawServiceEnd(rng: Rng, status: StatusDraw, timeline: Timeline): number | null {
  switch (status) {
    case 'inactive': return timeline.lastDay - rng.int(10, 600);
    case 'disconnected_temporary': return timeline.lastDay - rng.int(5, 150);
    case 'disconnected_permanent': return timeline.lastDay - rng.int(30, 500);
    default: return null;
  }
}

function drawBehaviour(rng: Rng, status: StatusDraw, autopay: boolean): PaymentBehaviour {
  if (status === 'collection') return 'chronic';
  if (autopay) return rng.chance(0.9) ? 'punctual' : 'occasional';
  return rng.weighted({ punctual: 55, occasional: 30, chronic: 15 });
}

function drawUsualMethod(rng: Rng, autopay: boolean): PaymentMethod {
  if (autopay) return rng.weighted({ ach: 55, credit_card: 35, bank_transfer: 10 });
  return rng.weighted({ credit_card: 40, bank_transfer: 18, check: 20, cash: 10, ach: 12 });
}

function drawUsage(rng: Rng, plan: RatePlan): AccountProfile['usage'] {
  const irrigation = plan.meterType === 'Irrigation';
  return {
    base: rng.int(plan.usage[0], plan.usage[1]),
    amplitude: irrigation ? rng.float(0.55, 0.7) : rng.float(0.08, 0.4),
    noise: rng.float(0.04, 0.12),
  };
}

export function accountNumberAt(index: number): string {
  return `WU-${10001 + index}`;
}

export function drawProfile(rng: Rng, index: number, timeline: Timeline, planted: Planted): AccountProfile {
  const accountNumber = accountNumberAt(index);
  const plan = RATE_PLANS[drawRatePlan(rng)];
  const name = personName(rng);
  const drawn = drawStatus(rng, planted);
  const autopay = rng.chance(0.4);
  const customerSince = drawCustomerSince(rng, drawn, timeline, planted);
  const serviceEnd = drawServiceEnd(rng, drawn, timeline);
  const nonPayment = drawn === 'collection' || (drawn === 'disconnected_temporary' && rng.chance(0.7));
  return {
    index,
    accountNumber,
    name,
    contact: contactFor(rng, name, accountNumber, plan.commercial),
    plan,
    status: drawn.startsWith('disconnected') ? 'disconnected' : (drawn as AccountStatus),
    disconnectionKind: drawn === 'disconnected_temporary' ? 'temporary' : drawn === 'disconnected_permanent' ? 'permanent' : null,
    billingCycle: !plan.commercial && rng.chance(0.22) ? 'quarterly' : 'monthly',
    paymentMethod: autopay ? 'autopay' : 'manual',
    usualMethod: drawUsualMethod(rng, autopay),
    behaviour: drawBehaviour(rng, drawn, autopay),
    preferredChannel: rng.chance(0.25) ? 'sms' : 'email',
    notificationsOptOut: rng.chance(0.03),
    customerSince,
    readDay: rng.int(1, 28),
    usage: drawUsage(rng, plan),
    serviceEnd,
    stoppedPaying: nonPayment || (drawn === 'disconnected_permanent' && rng.chance(0.3)),
    meterReplaced: rng.chance(0.03),
    planted,
  };
}
