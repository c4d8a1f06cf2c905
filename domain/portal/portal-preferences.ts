/**
 * A consumer's notification preferences (docs/rules.md#self-service-portal): the channel, the
 * opt-out and their quiet hours, written on their account (the notification sender reads them).
 * Quiet hours left unset follow the utility's default of 21:00 to 08:00.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Actor } from '../common/actor.js';
import { audit } from '../audit/audit.js';
import { db } from '../common/database.js';
import type { NotificationChannel } from '../common/enums.js';
import { Invalid } from '../common/errors.js';
import { getSetting } from '../settings/settings.js';

/** 'HH:MM' on a 24-hour clock, as the account's columns hold it. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Quiet hours when the consumer has not chosen their own (docs/rules.md#business-hours-holidays-and-quiet-hours). */

export type QuietHours = { from: string; to: string };
/** A type, not an interface, so it is a plain record for the audit log. */
export type Preferences = {
  notificationChannel: NotificationChannel;
  optOut: boolean;
  /** The hours in force: the consumer's own, or the default. */
  quietHours: QuietHours & { usesDefault: boolean };
};
/** A change: only what is given changes; `quietHours: null` goes back to the default. */
export interface PreferencesChange { notificationChannel?: NotificationChannel; optOut?: boolean; quietHours?: QuietHours | null }

type PreferenceRow = { preferred_channel: NotificationChannel; notifications_opt_out: boolean; quiet_hours_start: string | null; quiet_hours_end: string | null };

/** The account's preferences; without hours of its own, the utility's default quiet hours (a setting). */
function toPreferences(row: PreferenceRow, standard: QuietHours): Preferences {
  const own = row.quiet_hours_start !== null && row.quiet_hours_end !== null;
  return {
    notificationChannel: row.preferred_channel, optOut: row.notifications_opt_out,
    quietHours: own ? { from: row.quiet_hours_start!, to: row.quiet_hours_end!, usesDefault: false } : { ...standard, usesDefault: true },
  };
}

const COLUMNS = ['preferred_channel', 'notifications_opt_out', 'quiet_hours_start', 'quiet_hours_end'] as const;

/** The default quiet hours admins set (docs/rules.md#quiet-hours), in the portal's from/to shape. */
async function standardQuietHours(em: EntityManager): Promise<QuietHours> {
  const { quietHours } = await getSetting(em, 'notifications');
  return { from: quietHours.start, to: quietHours.end };
}

export async function getPreferences(em: EntityManager, accountId: number): Promise<Preferences> {
  const row = await db(em).selectFrom('account').select(COLUMNS).where('id', '=', accountId).executeTakeFirstOrThrow();
  return toPreferences(row, await standardQuietHours(em));
}

/** Quiet hours run from `from` to `to` (across midnight when `to` is earlier); an empty window is a mistake. */
function checkQuietHours(hours: QuietHours): void {
  const fields: Record<string, string> = {};
  if (!TIME_OF_DAY.test(hours.from)) fields['quietHours.from'] = 'a time HH:MM, 00:00 to 23:59';
  if (!TIME_OF_DAY.test(hours.to)) fields['quietHours.to'] = 'a time HH:MM, 00:00 to 23:59';
  if (!Object.keys(fields).length && hours.from === hours.to) fields['quietHours.to'] = 'must differ from the start';
  if (Object.keys(fields).length) throw new Invalid('Please correct the quiet hours.', fields);
}

/** Applies a change to the account's preferences, audited with the consumer as actor; answers them as they now are. */
export async function updatePreferences(em: EntityManager, accountId: number, change: PreferencesChange, actor: Actor): Promise<Preferences> {
  if (change.quietHours) checkQuietHours(change.quietHours);
  return em.transactional(async (tx) => {
    const standard = await standardQuietHours(tx);
    const before = await db(tx).selectFrom('account').select([...COLUMNS, 'account_number']).where('id', '=', accountId).forUpdate().executeTakeFirstOrThrow();
    const quiet = change.quietHours === undefined ? {}
      : { quiet_hours_start: change.quietHours?.from ?? null, quiet_hours_end: change.quietHours?.to ?? null };
    const after = await db(tx).updateTable('account').set({
      ...(change.notificationChannel === undefined ? {} : { preferred_channel: change.notificationChannel }),
      ...(change.optOut === undefined ? {} : { notifications_opt_out: change.optOut }),
      ...quiet, updated_at: sql`now()`, version: sql`version + 1`,
    }).where('id', '=', accountId).returning(COLUMNS).executeTakeFirstOrThrow();
    await audit(tx, {
      userId: actor.userId, userName: actor.name, action: 'account.preferences', entity: 'account', entityId: before.account_number,
      before: toPreferences(before, standard), after: toPreferences(after, standard),
    });
    return toPreferences(after, standard);
  });
}
