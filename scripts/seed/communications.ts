/**
 * The Communication tab's history: e-mails, phone calls (with their length), text
 * messages and system notifications, in both directions. Past-due and disconnected
 * accounts also got the notices their situation calls for.
 */
import type { CommunicationChannel, Direction } from '../../domain/common/enums.js';
import type { SeedContext, Timeline } from './context.js';
import { SECONDS_PER_DAY, isoTimestamp } from './days.js';
import type { AccountProfile } from './profile.js';
import type { Rng } from './prng.js';
import type { CommunicationRow, IdCursor } from './rows.js';

interface Template { channel: CommunicationChannel; direction: Direction; subject: string | null; body: string; weight: number }

const TEMPLATES: readonly Template[] = [
  { channel: 'email', direction: 'to_customer', subject: 'Your water bill is ready', body: 'Your latest bill is available in the customer portal.', weight: 10 },
  { channel: 'email', direction: 'to_customer', subject: 'Planned maintenance on your street', body: 'Water may be off for up to four hours during planned main work next week.', weight: 3 },
  { channel: 'email', direction: 'from_customer', subject: 'Question about my bill', body: 'Why is my bill higher this month? I have not changed anything.', weight: 5 },
  { channel: 'email', direction: 'from_customer', subject: 'Autopay', body: 'I would like to set up automatic payments from my bank account.', weight: 3 },
  { channel: 'phone', direction: 'from_customer', subject: null, body: 'Customer called about the last bill; explained the seasonal usage.', weight: 8 },
  { channel: 'phone', direction: 'from_customer', subject: null, body: 'Customer reported low pressure; offered an inspection visit.', weight: 3 },
  { channel: 'phone', direction: 'to_customer', subject: null, body: 'Called to confirm the technician appointment.', weight: 4 },
  { channel: 'sms', direction: 'to_customer', subject: null, body: 'Cistern Water: we received your payment. Thank you!', weight: 6 },
  { channel: 'sms', direction: 'to_customer', subject: null, body: 'Cistern Water: reminder, a technician visits tomorrow.', weight: 3 },
  { channel: 'sms', direction: 'from_customer', subject: null, body: 'Please call me back about my account.', weight: 2 },
  { channel: 'system', direction: 'to_customer', subject: 'Bill issued', body: 'Bill notification sent by e-mail.', weight: 6 },
  { channel: 'system', direction: 'to_customer', subject: 'Payment received', body: 'Payment confirmation sent.', weight: 4 },
];
const TEMPLATE_WEIGHTS = Object.fromEntries(TEMPLATES.map((t, i) => [String(i), t.weight])) as Record<string, number>;

const PAST_DUE: Template = { channel: 'system', direction: 'to_customer', subject: 'Balance overdue', body: 'Past-due notice sent: please pay the overdue balance to avoid disconnection.', weight: 0 };
const DISCONNECTION: Template = { channel: 'email', direction: 'to_customer', subject: 'Service disconnected', body: 'Your water service has been disconnected. Call us to arrange reconnection.', weight: 0 };

function row(rng: Rng, template: Template, accountId: number, occurredAt: number, ids: IdCursor, context: SeedContext): CommunicationRow {
  const manual = template.channel === 'phone' || (template.channel === 'email' && template.direction === 'from_customer');
  const duration = template.channel === 'phone' ? (template.direction === 'from_customer' ? rng.int(60, 1500) : rng.int(30, 400)) : null;
  return {
    id: ids.communication++, account_id: accountId, channel: template.channel, direction: template.direction,
    subject: template.subject, body: template.body, duration_seconds: duration, occurred_at: isoTimestamp(occurredAt),
    created_by_id: manual ? context.users.agent.id : null, created_at: isoTimestamp(occurredAt + (manual ? rng.int(60, 900) : 0)),
  };
}

function momentIn(rng: Rng, fromDay: number, toDay: number): number {
  return rng.int(fromDay, Math.max(fromDay, toDay)) * SECONDS_PER_DAY + rng.int(13 * 3600, 23 * 3600);
}

export function communicationsFor(rng: Rng, profile: AccountProfile, accountId: number, ids: IdCursor, context: SeedContext, timeline: Timeline, overdueSince: number | null): CommunicationRow[] {
  const from = Math.max(profile.customerSince, timeline.windowStart);
  const to = Math.min(profile.serviceEnd ?? timeline.lastDay, timeline.lastDay);
  const planned: Array<{ template: Template; at: number }> = [];
  for (let n = rng.poisson(2); n > 0; n--) planned.push({ template: TEMPLATES[Number(rng.weighted(TEMPLATE_WEIGHTS))], at: momentIn(rng, from, to) });
  if (overdueSince !== null && overdueSince + 10 <= timeline.lastDay) planned.push({ template: PAST_DUE, at: momentIn(rng, overdueSince + 10, timeline.lastDay) });
  if (profile.status === 'disconnected' && profile.serviceEnd !== null) planned.push({ template: DISCONNECTION, at: momentIn(rng, profile.serviceEnd, profile.serviceEnd) });
  planned.sort((a, b) => a.at - b.at);
  return planned.map((p) => row(rng, p.template, accountId, p.at, ids, context));
}
