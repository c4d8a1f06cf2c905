/**
 * The admins' template editor (docs/rules.md#notification-templates): a draft of one event's template for one
 * channel is checked (placeholders, lengths), previewed on a real account with the very
 * renderer the sender uses, and saved into the `notifications` setting with its audit row.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../common/actor.js';
import { NOTIFICATION_CHANNELS, NOTIFICATION_EVENTS, type NotificationChannel, type NotificationEvent } from '../common/enums.js';
import { Invalid } from '../common/errors.js';
import { plainText } from '../common/plain-text.js';
import { db } from '../common/database.js';
import { audit } from '../audit/audit.js';
import { getSetting, writeSetting } from '../settings/settings.js';
import type { EventTemplates } from './notification-template-defaults.js';
import { notificationSettingsSchema, type NotificationSettings } from './notification-settings.js';
import { renderNotification, type RenderedNotification } from './notification-templates.js';
import { placeholderProblems } from './template-placeholders.js';
import { smsSize, type SmsSize } from './sms-size.js';
import { examplePayload, previewAccount } from './template-preview-facts.js';

/** Which template a draft is for; the same choice the editor's tabs make. */
export const TemplateChoice = z.object({
  event: z.enum(NOTIFICATION_EVENTS, { error: 'one of the notification events' }),
  channel: z.enum(NOTIFICATION_CHANNELS, { error: 'email or sms' }),
});
export type TemplateChoice = z.infer<typeof TemplateChoice>;

export interface TemplateDraft extends TemplateChoice { subject: string; body: string }

/** The lengths the `notifications` setting allows (an SMS body up to three segments of plain text). */
const LIMITS = { subject: 200, emailBody: 4000, smsBody: 480 } as const;

/** The fields' problems, by field name: empty when the draft may be saved. */
export function draftProblems(draft: TemplateDraft): Record<string, string> {
  const fields: Record<string, string> = {};
  const check = (field: 'subject' | 'body', max: number) => {
    const parsed = plainText(max).trim().min(1, 'required').safeParse(draft[field]);
    if (!parsed.success) fields[field] = parsed.error.issues[0].message;
    else {
      const problems = placeholderProblems(parsed.data, draft.event);
      if (problems.length) fields[field] = problems.join('; ');
    }
  };
  if (draft.channel === 'email') check('subject', LIMITS.subject);
  check('body', draft.channel === 'email' ? LIMITS.emailBody : LIMITS.smsBody);
  return fields;
}

/** The template as stored now (the default when the admin never changed it), as the editor's fields. */
export function currentDraft(settings: NotificationSettings, choice: TemplateChoice): TemplateDraft {
  const templates = settings.templates[choice.event];
  return choice.channel === 'email'
    ? { ...choice, subject: templates.email.subject, body: templates.email.body }
    : { ...choice, subject: '', body: templates.sms.body };
}

function withDraft(templates: EventTemplates, draft: TemplateDraft): EventTemplates {
  return draft.channel === 'email'
    ? { ...templates, email: { subject: draft.subject.trim(), body: draft.body.trim() } }
    : { ...templates, sms: { body: draft.body.trim() } };
}

/**
 * Saves one template: refused whole (Invalid, by field) when a placeholder is unknown or
 * a text too long. The setting row is locked while it is read and written, so two admins
 * saving different templates at once both keep their change.
 */
export async function saveTemplate(em: EntityManager, draft: TemplateDraft, actor: Actor): Promise<TemplateDraft> {
  const fields = draftProblems(draft);
  if (Object.keys(fields).length) throw new Invalid('The template was not saved: please correct the fields marked below.', fields);
  return em.transactional(async (tx) => {
    await db(tx).insertInto('setting').values({ key: 'notifications', value: {}, updated_at: sql`now()` })
      .onConflict((oc) => oc.column('key').doNothing()).execute();
    await db(tx).selectFrom('setting').select('key').where('key', '=', 'notifications').forUpdate().execute();
    const current = await getSetting(tx, 'notifications');
    const before = current.templates[draft.event];
    const after = withDraft(before, draft);
    const next = notificationSettingsSchema.parse({ ...current, templates: { ...current.templates, [draft.event]: after } });
    await writeSetting(tx, 'notifications', next, actor.userId);
    await audit(tx, {
      userId: actor.userId, userName: actor.name, action: 'notification_template.update', entity: 'setting', entityId: 'notifications',
      before: { event: draft.event, channel: draft.channel, ...before[draft.channel] }, after: { event: draft.event, channel: draft.channel, ...after[draft.channel] },
    });
    return currentDraft(next, draft);
  });
}

export interface TemplatePreview {
  accountNumber: string;
  accountName: string;
  /** Where the event's details came from: the account's latest such notification, or an example. */
  source: 'notification' | 'example';
  message: RenderedNotification;
  /** The rendered SMS's size (carriers bill per segment); null for email. */
  sms: SmsSize | null;
  /** What would stop a save, by field (the preview renders anyway, a bad placeholder as nothing). */
  problems: Record<string, string>;
}

/** The draft rendered for one real account, with `renderNotification` exactly as the sender calls it. */
export async function previewTemplate(em: EntityManager, accountNumber: string, draft: TemplateDraft, timeZone: string): Promise<TemplatePreview> {
  const account = await previewAccount(em, accountNumber);
  const found = await latestPayload(em, account.id, draft.event);
  const payload = found?.payload ?? examplePayload(draft.event, account, new Date());
  const settings = await getSetting(em, 'notifications');
  const templates = { ...settings.templates, [draft.event]: withDraft(settings.templates[draft.event], draft) };
  const message = renderNotification(draft.event, draft.channel, { account, payload, orderType: found?.orderType ?? null }, { templates }, timeZone);
  return {
    accountNumber: account.accountNumber, accountName: `${account.firstName} ${account.lastName}`.trim(),
    source: found ? 'notification' : 'example', message, sms: draft.channel === 'sms' ? smsSize(message.body) : null,
    problems: draftProblems(draft),
  };
}

/** The payload of the account's latest notification of `event`, with its order's type as the sender reads it. */
async function latestPayload(em: EntityManager, accountId: number, event: NotificationEvent) {
  const row = await db(em).selectFrom('notification as n').select('n.payload')
    .select((eb) => eb.selectFrom('service_order as o').select('o.type')
      .where('o.order_number', '=', sql<string>`n.payload->>'orderNumber'`).as('order_type'))
    .where('n.account_id', '=', accountId).where('n.event', '=', event)
    .orderBy('n.id', 'desc').limit(1).executeTakeFirst();
  return row ? { payload: (row.payload ?? {}) as Record<string, unknown>, orderType: row.order_type ?? null } : null;
}

export const channelLabel = (channel: NotificationChannel) => (channel === 'sms' ? 'SMS' : 'Email');
