/**
 * The `notifications` setting (docs/rules.md#roles-access-and-audit "notification templates", docs/rules.md#notifications): one template per
 * event and channel, and how often and how patiently a failing channel is retried.
 * Every field has its default in the schema, so an admin may store only what they change.
 * Kept apart from `domain/settings/settings.ts` (which imports it) so the two never import each other.
 */
import { z } from 'zod';
import { NOTIFICATION_EVENTS, type NotificationEvent } from '../common/enums.js';
import { plainText } from '../common/plain-text.js';
import { DEFAULT_TEMPLATES } from './notification-template-defaults.js';
import { placeholderProblems } from './template-placeholders.js';
import { TIME_OF_DAY } from '../common/time-of-day.js';
import { DEFAULT_QUIET_HOURS } from './quiet-hours.js';

/** Only the variables the renderer fills for the event are allowed, so a typo is refused when saved. */
const templateText = (max: number, event: NotificationEvent) => plainText(max).trim().min(1)
  .superRefine((text, ctx) => {
    for (const problem of placeholderProblems(text, event)) ctx.addIssue({ code: 'custom', message: problem });
  });

const eventTemplates = (event: NotificationEvent) => z.object({
  email: z.object({ subject: templateText(200, event), body: templateText(4000, event) }).default(DEFAULT_TEMPLATES[event].email),
  sms: z.object({ body: templateText(480, event) }).default(DEFAULT_TEMPLATES[event].sms),
}).default(DEFAULT_TEMPLATES[event]);

const templatesSchema = z.object(
  Object.fromEntries(NOTIFICATION_EVENTS.map((event) => [event, eventTemplates(event)])) as
    { [E in NotificationEvent]: ReturnType<typeof eventTemplates> },
).default(DEFAULT_TEMPLATES);

export const notificationSettingsSchema = z.object({
  templates: templatesSchema,
  /** Tries per notification, the first included (BullMQ `attempts`). */
  attempts: z.number().int().min(1).max(25).default(6),
  /** First retry delay; each next one doubles (BullMQ exponential backoff): 30 s, 1, 2, 4, 8 min by default. */
  backoffMs: z.number().int().min(0).max(3_600_000).default(30_000),
  /** The utility's default quiet hours ('HH:MM' utility time) for consumers who set none (docs/rules.md#quiet-hours). */
  quietHours: z.object({ start: z.string().regex(TIME_OF_DAY), end: z.string().regex(TIME_OF_DAY) }).default(DEFAULT_QUIET_HOURS),
});

export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = notificationSettingsSchema.parse({});
