/**
 * The default wording of every notification (docs/rules.md#notifications), per event and channel. Emails
 * are plain text (no HTML to escape or to break in a mail client); SMS bodies stay short
 * enough for one or two segments. Admins may replace any of them through the
 * `notifications` setting.
 */
import type { NotificationEvent } from '../common/enums.js';

/** What a template may use; `notification-templates.ts` fills each one for the consumer. */
export const TEMPLATE_VARIABLES = [
  'firstName', 'lastName', 'fullName', 'accountNumber', 'orderNumber', 'orderType', 'window',
  'meterNumber', 'readAt', 'readingValue', 'flags', 'amount', 'reference', 'overdueSince', 'daysOverdue',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** Every event fills the consumer's names and account number. */
const ACCOUNT_VARIABLES = ['firstName', 'lastName', 'fullName', 'accountNumber'] as const satisfies readonly TemplateVariable[];

/** The variables each event's payload fills; any other is empty for that event, so its template may not use it. */
export const EVENT_VARIABLES: Record<NotificationEvent, readonly TemplateVariable[]> = {
  order_created: [...ACCOUNT_VARIABLES, 'orderNumber', 'orderType'],
  technician_scheduled: [...ACCOUNT_VARIABLES, 'orderNumber', 'orderType', 'window'],
  appointment_reminder: [...ACCOUNT_VARIABLES, 'orderNumber', 'orderType', 'window'],
  order_completed: [...ACCOUNT_VARIABLES, 'orderNumber', 'orderType'],
  satisfaction_survey: [...ACCOUNT_VARIABLES, 'orderNumber', 'orderType'],
  payment_failed: [...ACCOUNT_VARIABLES, 'amount', 'reference'],
  balance_overdue: [...ACCOUNT_VARIABLES, 'amount', 'overdueSince', 'daysOverdue'],
  anomalous_reading: [...ACCOUNT_VARIABLES, 'meterNumber', 'readAt', 'readingValue', 'flags'],
};

export interface EventTemplates {
  email: { subject: string; body: string };
  sms: { body: string };
}

const signature = '\n\nCistern Water customer service';

export const DEFAULT_TEMPLATES: Record<NotificationEvent, EventTemplates> = {
  order_created: {
    email: {
      subject: 'Service order {{orderNumber}} created',
      body: 'Hello {{firstName}},\n\nWe opened service order {{orderNumber}} ({{orderType}}) for account {{accountNumber}}. '
        + 'We will tell you as soon as a technician is scheduled.' + signature,
    },
    sms: { body: 'Cistern Water: service order {{orderNumber}} ({{orderType}}) is open for account {{accountNumber}}.' },
  },
  technician_scheduled: {
    email: {
      subject: 'Technician visit scheduled: {{window}}',
      body: 'Hello {{firstName}},\n\nA technician will come for service order {{orderNumber}} ({{orderType}}) '
        + 'on {{window}}. Please make sure someone can let them in.' + signature,
    },
    sms: { body: 'Cistern Water: a technician will visit {{window}} for order {{orderNumber}}.' },
  },
  appointment_reminder: {
    email: {
      subject: 'Reminder: technician visit {{window}}',
      body: 'Hello {{firstName}},\n\nA reminder that a technician will come for service order {{orderNumber}} '
        + '({{orderType}}) on {{window}}.' + signature,
    },
    sms: { body: 'Cistern Water reminder: technician visit {{window}} (order {{orderNumber}}).' },
  },
  order_completed: {
    email: {
      subject: 'Service order {{orderNumber}} completed',
      body: 'Hello {{firstName}},\n\nService order {{orderNumber}} ({{orderType}}) for account {{accountNumber}} '
        + 'is complete. Thank you for your patience.' + signature,
    },
    sms: { body: 'Cistern Water: service order {{orderNumber}} ({{orderType}}) is complete.' },
  },
  satisfaction_survey: {
    email: {
      subject: 'How did we do on {{orderNumber}}?',
      body: 'Hello {{firstName}},\n\nPlease rate our work on service order {{orderNumber}} ({{orderType}}) '
        + 'from 1 (poor) to 5 (excellent) by replying to this message with a number.' + signature,
    },
    sms: { body: 'Cistern Water: how did we do on order {{orderNumber}}? Reply 1 (poor) to 5 (excellent).' },
  },
  payment_failed: {
    email: {
      subject: 'Your payment of {{amount}} did not go through',
      body: 'Hello {{firstName}},\n\nYour payment {{reference}} of {{amount}} for account {{accountNumber}} failed. '
        + 'Please pay again or contact us to update your payment method.' + signature,
    },
    sms: { body: 'Cistern Water: your payment of {{amount}} ({{reference}}) failed. Please pay again or call us.' },
  },
  balance_overdue: {
    email: {
      subject: 'Your balance of {{amount}} is overdue',
      body: 'Hello {{firstName}},\n\n{{amount}} on account {{accountNumber}} has been due since {{overdueSince}} '
        + '({{daysOverdue}} days). Please pay it or contact us to arrange a payment plan.' + signature,
    },
    sms: { body: 'Cistern Water: {{amount}} on account {{accountNumber}} is overdue since {{overdueSince}}. Please pay or call us.' },
  },
  anomalous_reading: {
    email: {
      subject: 'An unusual reading on meter {{meterNumber}}',
      body: 'Hello {{firstName}},\n\nThe reading of meter {{meterNumber}} on {{readAt}} ({{readingValue}}) looks unusual: {{flags}}. '
        + 'We will check it before it is billed; a leak can cause high usage, so you may want to look too.' + signature,
    },
    sms: { body: 'Cistern Water: the {{readAt}} reading of meter {{meterNumber}} looks unusual ({{flags}}). We are checking it.' },
  },
};
