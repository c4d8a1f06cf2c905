/**
 * The utility's holiday calendar (docs/rules.md#business-hours-and-holidays): admins add and remove
 * days, each change audited; business-time SLAs skip them. A holiday is a local calendar day.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import { isCalendarDay } from '../common/date-input.js';
import { Invalid, NotFound } from '../common/errors.js';
import { plainText } from '../common/plain-text.js';
import type { BusinessCalendar } from '../common/business-time.js';
import { audit } from '../audit/audit.js';
import { getSetting } from './settings.js';

export interface HolidayView { id: number; day: string; name: string }

export const HolidayForm = z.object({
  day: z.string({ error: 'a date' }).refine(isCalendarDay, 'a date YYYY-MM-DD'),
  name: plainText(100).trim().min(1, 'a name, e.g. Christmas Day'),
});
export type NewHoliday = z.infer<typeof HolidayForm>;

/** Every holiday, earliest first (a utility has a dozen a year; the list stays short). */
export async function listHolidays(em: EntityManager): Promise<HolidayView[]> {
  return db(em).selectFrom('holiday').select(['id', 'day', 'name']).orderBy('day').execute();
}

/** Adds a holiday; a day that is already one is refused (422 naming `day`), nothing written. */
export async function addHoliday(em: EntityManager, holiday: NewHoliday, actor: Actor): Promise<HolidayView> {
  return em.transactional(async (tx) => {
    const row = await db(tx).insertInto('holiday')
      .values({ day: holiday.day, name: holiday.name, created_by_id: actor.userId, created_at: sql`now()` })
      .onConflict((oc) => oc.column('day').doNothing())
      .returning(['id', 'day', 'name']).executeTakeFirst();
    if (!row) throw new Invalid(`${holiday.day} is already a holiday.`, { day: 'already a holiday' });
    await audit(tx, { userId: actor.userId, userName: actor.name, action: 'holiday.add', entity: 'holiday', entityId: row.day, after: { day: row.day, name: row.name } });
    return row;
  });
}

/** Removes a holiday by id (404 when there is none). */
export async function removeHoliday(em: EntityManager, id: number, actor: Actor): Promise<HolidayView> {
  return em.transactional(async (tx) => {
    const row = Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647
      ? await db(tx).deleteFrom('holiday').where('id', '=', id).returning(['id', 'day', 'name']).executeTakeFirst()
      : undefined;
    if (!row) throw new NotFound('Holiday', String(id));
    await audit(tx, { userId: actor.userId, userName: actor.name, action: 'holiday.remove', entity: 'holiday', entityId: row.day, before: { day: row.day, name: row.name } });
    return row;
  });
}

/** The business hours (SLA setting) and the holidays, for business-time arithmetic in the utility's zone. */
export async function loadBusinessCalendar(em: EntityManager, timeZone: string): Promise<BusinessCalendar> {
  const sla = await getSetting(em, 'sla');
  const holidays = await db(em).selectFrom('holiday').select('day').execute();
  return { hours: sla.businessHours, holidays: new Set(holidays.map((h) => h.day)), timeZone };
}
