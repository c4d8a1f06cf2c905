/**
 * Renders a notification for one consumer: the event's template for the channel, with
 * `{{variables}}` filled from the account, the event's payload and (for service orders)
 * the order's type. Pure: the sender loads the facts, this only words them. Times are
 * shown in the utility's time zone, whatever the server's.
 */
import type { NotificationChannel, NotificationEvent } from '../common/enums.js';
import { formatCents } from '../common/money.js';
import { formatLocalDateTime, formatLocalTime } from '../common/utility-time.js';
import type { TemplateVariable } from './notification-template-defaults.js';
import type { NotificationSettings } from './notification-settings.js';

export interface NotificationContext {
  account: { firstName: string; lastName: string; accountNumber: string };
  payload: Record<string, unknown>;
  /** The service order's type when the payload names an order that exists. */
  orderType: string | null;
}

export interface RenderedNotification { subject: string | null; body: string }

const FLAG_WORDS: Record<string, string> = {
  regression: 'lower than the previous reading',
  high: 'much higher than usual',
  zero: 'no consumption for two months',
  out_of_order: 'dated before the previous reading',
};

const text = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const cents = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) ? formatCents(value) : '');

const CALENDAR_DAY = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' });

/** "Nov 28, 2026" for a calendar day ('2026-11-28'), read as that day wherever the server is. */
function calendarDay(value: unknown): string {
  const day = text(value).slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return text(value);
  return CALENDAR_DAY.format(new Date(`${day}T00:00:00Z`));
}

/** "Tue, Dec 1, 9:30 AM – 11:30 AM" in the utility's zone; the start alone without a window length. */
export function visitWindow(scheduledFor: unknown, windowMinutes: unknown, timeZone: string): string {
  const start = new Date(text(scheduledFor));
  if (Number.isNaN(start.getTime())) return '';
  const from = formatLocalDateTime(start, timeZone);
  if (typeof windowMinutes !== 'number' || windowMinutes <= 0) return from;
  const end = new Date(start.getTime() + windowMinutes * 60_000);
  return `${from} – ${formatLocalTime(end, timeZone)}`;
}

export function templateVariables(context: NotificationContext, timeZone: string): Record<TemplateVariable, string> {
  const { account, payload } = context;
  const flags = Array.isArray(payload.flags) ? payload.flags.map((flag) => FLAG_WORDS[String(flag)] ?? String(flag)) : [];
  return {
    firstName: account.firstName,
    lastName: account.lastName,
    fullName: `${account.firstName} ${account.lastName}`.trim(),
    accountNumber: account.accountNumber,
    orderNumber: text(payload.orderNumber),
    orderType: (context.orderType ?? text(payload.type)).replaceAll('_', ' '),
    window: visitWindow(payload.scheduledFor, payload.windowMinutes, timeZone),
    meterNumber: text(payload.meterNumber),
    readAt: calendarDay(payload.readAt),
    readingValue: typeof payload.value === 'number' ? payload.value.toLocaleString('en-US') : text(payload.value),
    flags: flags.join(', '),
    amount: cents(payload.amountCents ?? payload.overdueCents),
    reference: text(payload.reference),
    overdueSince: calendarDay(payload.overdueSince),
    daysOverdue: text(payload.daysOverdue),
  };
}

/** Fills `{{name}}` placeholders; an unknown or empty variable renders as nothing rather than as braces. */
export function fillTemplate(template: string, variables: Record<string, string>): string {
  return template.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (_, name: string) => variables[name] ?? '');
}

export function renderNotification(
  event: NotificationEvent, channel: NotificationChannel, context: NotificationContext,
  settings: Pick<NotificationSettings, 'templates'>, timeZone: string,
): RenderedNotification {
  const variables = templateVariables(context, timeZone);
  const templates = settings.templates[event];
  if (channel === 'sms') return { subject: null, body: fillTemplate(templates.sms.body, variables) };
  return { subject: fillTemplate(templates.email.subject, variables), body: fillTemplate(templates.email.body, variables) };
}
