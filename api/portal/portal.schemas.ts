/**
 * The portal's shapes (docs/api.md, `/me`): one zod schema per command and answer, shared by the
 * JSON API and the /my forms, and the functions that turn the portal's data into them.
 */
import { z } from '@hono/zod-openapi';
import { ACCOUNT_STATUSES, COMPLAINT_STATUSES, NOTIFICATION_CHANNELS } from '../../domain/common/enums.js';
import { plainText } from '../../domain/common/plain-text.js';
import { COMPLAINT_MAX_LENGTH } from '../../domain/communications/complaints.js';
import { PORTAL_ORDER_TYPES } from '../../domain/portal/portal-orders.js';
import { PROBLEM_CATEGORIES } from '../../domain/portal/portal-problems.js';
import { TIME_OF_DAY, type Preferences } from '../../domain/portal/portal-preferences.js';
import type { ConsumerAccount } from '../../domain/portal/portal-account.js';
import type { OrderDetail } from '../../domain/service-orders/service-order-queries.js';
import { text } from '../accounts/account-writes.schemas.js';
import { NewReadingBody } from '../readings/readings.schemas.js';

const day = () => z.string().openapi({ format: 'date', example: '2026-11-01' });
const time = () => z.string().regex(TIME_OF_DAY, 'a time HH:MM, 00:00 to 23:59').openapi({ example: '21:00' });

export const QuietHoursBody = z.object({ from: time(), to: time() }).openapi('QuietHours');

export const MeBody = z.object({
  accountNumber: z.string(), name: z.string(), status: z.enum(ACCOUNT_STATUSES), email: z.string().nullable(),
  serviceAddress: z.string(), usageUnit: z.string(),
  balanceCents: z.number().int().openapi({ description: 'What is owed now; negative is a credit' }),
  outstandingCents: z.number().int(), overdueCents: z.number().int(), creditCents: z.number().int(),
  due: z.array(z.object({
    billId: z.number().int(), dueDate: day(), amountCents: z.number().int(), remainingCents: z.number().int(), overdue: z.boolean(),
  })).openapi({ description: 'Bills not yet paid in full, the one due first first' }),
  notificationChannel: z.enum(NOTIFICATION_CHANNELS), optOut: z.boolean(),
  quietHours: QuietHoursBody.extend({ usesDefault: z.boolean() }),
}).openapi('Me');

export const PreferencesBody = MeBody.pick({ notificationChannel: true, optOut: true, quietHours: true }).openapi('Preferences');

export const PreferencesChangeBody = z.object({
  notificationChannel: z.enum(NOTIFICATION_CHANNELS, 'email or sms').optional(),
  optOut: z.boolean().optional(),
  quietHours: QuietHoursBody.nullable().optional().openapi({ description: 'null goes back to the default (21:00 to 08:00)' }),
}).strict().openapi('PreferencesChange');

export const ConsumerReadingBody = NewReadingBody.extend({
  meterNumber: plainText(40).trim().min(1).optional().openapi({ description: 'Needed only when the account has several meters' }),
}).openapi('ConsumerReading');

/** The same reading as the /my form posts it: every field a string, thousands separators allowed. */
export const ConsumerReadingForm = ConsumerReadingBody.extend({
  value: text().transform((v) => v.replaceAll(',', '')).pipe(z.string().regex(/^\d{1,15}$/, 'a whole number, 0 or more')).transform(Number),
});

export const OrderRequestBody = z.object({
  type: z.enum(PORTAL_ORDER_TYPES, `one of ${PORTAL_ORDER_TYPES.join(', ')}`),
  description: plainText(2000).trim().min(1, 'required'),
}).openapi('ServiceOrderRequest');

export const ProblemFields = z.object({
  description: plainText(COMPLAINT_MAX_LENGTH).trim().min(1, 'required'),
  category: z.enum(PROBLEM_CATEGORIES, `one of ${PROBLEM_CATEGORIES.join(', ')}`).optional(),
});

/** A file; an empty part (the form's "no file chosen", which some clients send as '') means no photo. */
const PhotoPart = z.custom<File | ''>((value) => value instanceof File || value === '', { message: 'a file' })
  .openapi({ type: 'string', format: 'binary', description: 'JPEG, PNG or WebP, judged by its content; at most PHOTO_MAX_BYTES' });
export const ProblemReportBody = ProblemFields.extend({ photo: PhotoPart.optional() }).openapi('ProblemReport');

export const ReportedProblemBody = z.object({
  id: z.number().int(), category: z.string(), description: z.string(), status: z.enum(COMPLAINT_STATUSES),
  openedAt: z.string().datetime(), resolvedAt: z.string().datetime().nullable(), resolution: z.string().nullable(),
  photoDocumentId: z.number().int().nullable(),
}).openapi('ReportedProblem');

/** A consumer's order as the account's service-order list shows it (the staff list's shape). */
export function orderItemJson(order: OrderDetail) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    orderNumber: order.orderNumber, type: order.type, description: order.description, status: order.status, priority: order.priority,
    technician: order.technician?.name ?? null, createdAt: order.createdAt.toISOString(), scheduledFor: iso(order.scheduledFor),
    windowMinutes: order.windowMinutes, completedAt: iso(order.completedAt), slaDueAt: iso(order.slaDueAt), overdue: order.overdue,
    rating: order.rating,
    history: order.history.map((h) => ({ from: h.from, to: h.to, action: h.action, at: h.at.toISOString(), by: h.by, note: h.note })),
  };
}

export function meJson(account: ConsumerAccount) {
  return { ...account, due: account.due.map((d) => ({ ...d, dueDate: d.dueDate.toISOString().slice(0, 10) })) };
}

export const preferencesJson = ({ notificationChannel, optOut, quietHours }: Preferences) => ({ notificationChannel, optOut, quietHours });
