/** Field technicians: listing them (by skill), adding one, and checking one may take an order. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import type { ServiceOrderType } from '../common/enums.js';
import { Invalid, NotFound } from '../common/errors.js';
import { audit } from '../audit/audit.js';

export interface TechnicianView { id: number; name: string; phone: string | null; skills: ServiceOrderType[]; active: boolean }

const VIEW_COLUMNS = ['id', 'name', 'phone', 'skills', 'active'] as const;

export async function listTechnicians(em: EntityManager, options: { skill?: ServiceOrderType } = {}): Promise<TechnicianView[]> {
  const { skill } = options;
  return db(em).selectFrom('technician').select(VIEW_COLUMNS)
    .where('active', '=', true)
    .$if(Boolean(skill), (q) => q.where((eb) => eb(eb.val(skill!), '=', eb.fn.any('skills'))))
    .orderBy('name').orderBy('id').execute();
}

export async function createTechnician(
  em: EntityManager, input: { name: string; phone?: string; skills: ServiceOrderType[] }, actor: Actor,
): Promise<TechnicianView> {
  return em.transactional(async (tx) => {
    const technician = await db(tx).insertInto('technician').values({
      name: input.name.trim(), phone: input.phone ?? null, skills: [...new Set(input.skills)], active: true, created_at: sql`now()`,
    }).returning(VIEW_COLUMNS).executeTakeFirstOrThrow();
    await audit(tx, { userId: actor.userId, userName: actor.name, action: 'technician.create', entity: 'technician', entityId: String(technician.id), after: { ...input } });
    return technician;
  });
}

/** Only an active technician with the skill for the order's type may be assigned (422 otherwise). */
export async function assertCanAssign(em: EntityManager, technicianId: number, orderNumber: string): Promise<void> {
  const found = await db(em).selectFrom('service_order as o')
    .leftJoin('technician as t', (join) => join.on('t.id', '=', technicianId))
    .select(['o.type', 't.skills', 't.active'])
    .where('o.order_number', '=', orderNumber).executeTakeFirst();
  if (!found) throw new NotFound('Service order', orderNumber);
  const { type, skills, active } = found;
  if (skills === null || !active) throw new Invalid('No active technician has that id.', { technicianId: 'unknown technician' });
  if (!skills.includes(type)) throw new Invalid(`That technician is not qualified for ${type.replace('_', ' ')} orders.`, { technicianId: `lacks the ${type} skill` });
}
