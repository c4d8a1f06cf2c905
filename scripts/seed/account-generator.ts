/**
 * One account and everything that belongs to it, from its position alone: pure apart
 * from the id cursor it advances, so accounts can be generated one after another and
 * streamed, and the same seed and as-of date always give the same rows.
 */
import { accountMoney, statusAfterBilling, type AccountMoney } from './account-billing.js';
import { drawAnomaly, MIN_READINGS_FOR_ANOMALY } from './anomalies.js';
import { communicationsFor } from './communications.js';
import { complaintsFor } from './complaints.js';
import { timelineOf, type SeedContext, type Timeline } from './context.js';
import { at, isoDate, isoTimestamp } from './days.js';
import { documentsFor } from './documents.js';
import { plantedAt, type AnomalyKind } from './fixtures.js';
import { closedFlags, openTamperingFlag, tamperingMoment } from './fraud-flags.js';
import { JOHN_DOE_DOCUMENTS, JOHN_DOE_INDEX, JOHN_DOE_METER, johnDoeProfile, johnDoeReplacementAt, pinLatestReading } from './john-doe.js';
import { meterHistory, type MeterHistory } from './meter-history.js';
import { notesFor } from './notes.js';
import { orderSpecsFor } from './order-stories.js';
import { streamFor } from './prng.js';
import { drawProfile, type AccountProfile } from './profile.js';
import { readingDays, startsInWindow } from './reading-schedule.js';
import { emptyAccountRows, type AccountRow, type AccountRows, type IdCursor, type ServiceConnectionRow } from './rows.js';
import { buildOrder } from './service-orders.js';

export interface Generation {
  context: SeedContext;
  timeline: Timeline;
}

export function generationFor(context: SeedContext): Generation {
  return { context, timeline: timelineOf(context) };
}

function profileAt(index: number, generation: Generation): AccountProfile {
  const { context, timeline } = generation;
  const rng = streamFor(context.seed, index, 'profile');
  const planted = plantedAt(index, context.accounts);
  return index === JOHN_DOE_INDEX ? johnDoeProfile(rng, timeline, planted) : drawProfile(rng, index, timeline, planted);
}

function meterPart(profile: AccountProfile, accountId: number, connectionId: number, ids: IdCursor, generation: Generation): MeterHistory | null {
  if (profile.status === 'pending') return null;
  const { context, timeline } = generation;
  const rng = streamFor(context.seed, profile.index, 'meters');
  let days = readingDays(profile, timeline);
  if (days.length === 0) days = [Math.min(profile.serviceEnd ?? timeline.lastDay, timeline.lastDay)];
  const john = profile.index === JOHN_DOE_INDEX;
  const eligible = !john && profile.status === 'active' && days.length >= MIN_READINGS_FOR_ANOMALY;
  const replaceable = days.length >= 8;
  const johnReplacement = john ? johnDoeReplacementAt(days.length) : null;
  return meterHistory(rng, {
    accountId, connectionId, status: profile.status, meterType: profile.plan.meterType, usage: profile.usage,
    customerSince: profile.customerSince, days, startsAtInstallation: startsInWindow(profile, timeline),
    anomaly: drawAnomaly(rng, profile.planted.anomaly, eligible),
    replacementAt: john ? johnReplacement : profile.meterReplaced && replaceable ? rng.int(2, days.length - 4) : null,
    currentMeter: john ? JOHN_DOE_METER : undefined,
    adjustUsage: johnReplacement !== null ? pinLatestReading : undefined,
  }, ids, timeline);
}


/** What the later parts of an account need to know about the earlier ones. */
interface Story {
  profile: AccountProfile;
  accountId: number;
  meters: MeterHistory | null;
  overdueSince: number | null;
  /** When the open tampering flag was raised, on the one account that has it. */
  tamperingAt: number | null;
  ids: IdCursor;
  generation: Generation;
}

const streamOf = (story: Story, concern: string) => streamFor(story.generation.context.seed, story.profile.index, concern);

function ordersPart(rows: AccountRows, story: Story): void {
  const { context, timeline } = story.generation;
  const rng = streamOf(story, 'orders');
  const flagged = story.meters?.readings.find((r) => r.id === story.meters?.flaggedReadingId);
  const specs = orderSpecsFor(rng, {
    profile: story.profile, accountId: story.accountId, tamperingFoundAt: story.tamperingAt,
    anomaly: flagged ? { kind: flagged.flags[0] as AnomalyKind, readingId: flagged.id } : null,
  }, timeline);
  for (const spec of specs) {
    const { order, transitions } = buildOrder(rng, spec, story.ids, context, timeline.cutoff);
    rows.service_order.push(order);
    rows.service_order_transition.push(...transitions);
  }
}

function interactionsPart(rows: AccountRows, story: Story): void {
  const { profile, accountId, ids } = story;
  const { context, timeline } = story.generation;
  const meterId = story.meters?.currentMeterId ?? null;
  const from = Math.max(profile.customerSince, timeline.windowStart);
  rows.communication = communicationsFor(streamOf(story, 'communications'), profile, accountId, ids, context, timeline, story.overdueSince);
  rows.note = notesFor(streamOf(story, 'notes'), accountId, from, ids, context, timeline);
  rows.complaint = complaintsFor(streamOf(story, 'complaints'), accountId, from, profile.planted.staleComplaint, ids, context, timeline);
  rows.fraud_flag = closedFlags(streamOf(story, 'flags'), accountId, meterId, from, ids, context, timeline);
  if (story.tamperingAt !== null) rows.fraud_flag.push(openTamperingFlag(accountId, meterId, story.tamperingAt, ids, context));
  const fixed = profile.index === JOHN_DOE_INDEX ? JOHN_DOE_DOCUMENTS : undefined;
  const { documents, versions } = documentsFor(streamOf(story, 'documents'), profile, accountId, ids, context, timeline, fixed);
  rows.document = documents;
  rows.document_version = versions;
}

function connectionRow(profile: AccountProfile, id: number, accountId: number): ServiceConnectionRow {
  const { serviceAddress, city, postalCode } = profile.contact;
  return {
    id, account_id: accountId, address: `${serviceAddress}, ${city}, IL ${postalCode}`, service_type: 'water',
    active: profile.status === 'active' || profile.status === 'collection', created_at: isoTimestamp(at(profile.customerSince, 15)),
  };
}

function accountRow(story: Story, money: AccountMoney): AccountRow {
  const { profile, overdueSince } = story;
  const { timeline } = story.generation;
  const lastBill = money.bills.at(-1)?.issued ?? null;
  return {
    id: story.accountId, account_number: profile.accountNumber, first_name: profile.name.firstName, last_name: profile.name.lastName,
    email: profile.contact.email, phone: profile.contact.phone, service_address: profile.contact.serviceAddress,
    city: profile.contact.city, postal_code: profile.contact.postalCode, customer_since: isoDate(profile.customerSince),
    status: statusAfterBilling(profile.status, money, timeline), disconnection_kind: profile.disconnectionKind,
    rate_plan: profile.plan.name, billing_cycle: profile.billingCycle, payment_method: profile.paymentMethod,
    preferred_channel: profile.preferredChannel, notifications_opt_out: profile.notificationsOptOut,
    balance_cents: money.balanceCents, overdue_since: overdueSince === null ? null : isoDate(overdueSince),
    last_billing_date: lastBill === null ? null : isoDate(lastBill),
    created_at: isoTimestamp(at(profile.customerSince, 15)), updated_at: isoTimestamp(timeline.cutoff - 3600),
  };
}

export function generateAccount(index: number, generation: Generation, ids: IdCursor): AccountRows {
  const { context, timeline } = generation;
  const profile = profileAt(index, generation);
  const rows = emptyAccountRows();
  const accountId = ids.account++;
  const connectionId = ids.service_connection++;
  rows.service_connection.push(connectionRow(profile, connectionId, accountId));
  const meters = meterPart(profile, accountId, connectionId, ids, generation);
  rows.meter = meters?.meters ?? [];
  rows.meter_assignment = meters?.assignments ?? [];
  rows.reading = meters?.readings ?? [];
  const money = accountMoney(profile, accountId, meters, ids, context, timeline);
  rows.bill = money.bills.map((b) => b.row);
  rows.payment = money.payments;
  rows.payment_allocation = money.allocations;
  const story: Story = {
    profile, accountId, meters, ids, generation, overdueSince: money.overdueSince,
    tamperingAt: profile.planted.openTampering ? tamperingMoment(streamFor(context.seed, index, 'tampering'), timeline) : null,
  };
  ordersPart(rows, story);
  interactionsPart(rows, story);
  rows.account.push(accountRow(story, money));
  return rows;
}
