import type { EntityManager } from '@mikro-orm/postgresql';
import type { ServiceOrderType } from '../shared/enums.js';
import { Invalid, NotFound } from '../shared/errors.js';
import { audit } from '../audit/audit.js';

export interface TechnicianView { id: number; name: string; phone: string | null; skills: ServiceOrderType[]; active: boolean }

function toView(row: { id: number; name: string; phone: string | null; skills: ServiceOrderType[]; active: boolean }): TechnicianView {
  return { id: row.id, name: row.name, phone: row.phone, skills: row.skills, active: row.active };
}

export async function listTechnicians(em: EntityManager, options: { skill?: ServiceOrderType } = {}): Promise<TechnicianView[]> {
  const rows = await em.getConnection().execute<Parameters<typeof toView>[0][]>(
    `select id, name, phone, skills, active from technician where active ${options.skill ? 'and ? = any(skills)' : ''} order by name, id`,
    options.skill ? [options.skill] : []);
  return rows.map(toView);
}

export async function createTechnician(
  em: EntityManager, input: { name: string; phone?: string; skills: ServiceOrderType[] }, actor: { userId: number | null; name: string },
): Promise<TechnicianView> {
  return em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const rows = await t.getConnection().execute<Parameters<typeof toView>[0][]>(
      `insert into technician (name, phone, skills, active, created_at) values (?, ?, ?, true, now()) returning id, name, phone, skills, active`,
      [input.name.trim(), input.phone ?? null, `{${[...new Set(input.skills)].join(',')}}`], 'all', t.getTransactionContext());
    await audit(t, { userId: actor.userId, userName: actor.name, action: 'technician.create', entity: 'technician', entityId: String(rows[0].id), after: { ...input } });
    return toView(rows[0]);
  });
}

/** Only an active technician with the skill for the order's type may be assigned (422 otherwise). */
export async function assertCanAssign(em: EntityManager, technicianId: number, orderNumber: string): Promise<void> {
  const rows = await em.getConnection().execute<{ type: ServiceOrderType; skills: ServiceOrderType[] | null; active: boolean | null }[]>(
    `select o.type, t.skills, t.active from service_order o left join technician t on t.id = ? where o.order_number = ?`,
    [technicianId, orderNumber]);
  if (!rows.length) throw new NotFound('Service order', orderNumber);
  const { type, skills, active } = rows[0];
  if (skills === null || !active) throw new Invalid('No active technician has that id.', { technicianId: 'unknown technician' });
  if (!skills.includes(type)) throw new Invalid(`That technician is not qualified for ${type.replace('_', ' ')} orders.`, { technicianId: `lacks the ${type} skill` });
}
