/** The technicians page: the list and the add form (htmx, inline errors). */
import { Hono } from 'hono';
import type { z } from 'zod';
import { Invalid } from '../../domain/common/errors.js';
import { createTechnician, listTechnicians } from '../../domain/service-orders/technicians.js';
import { TechnicianList, TechniciansPage } from '../../views/service-orders/technicians.view.js';
import { actorOf } from '../common/actor.js';
import type { AppEnv } from '../app-env.js';
import { parseForm } from '../common/forms.js';
import { NewTechnicianBody } from './service-orders.schemas.js';
import { requireRole } from '../middleware/require-role.js';
import { shellUser } from '../common/shell.js';

/** Dispatchers manage technicians (docs/rules.md#roles-access-and-audit): the list and an add form. */
export const technicianPageRoutes = new Hono<AppEnv>()
  .get('/technicians', requireRole('dispatcher'), async (c) =>
    c.html(<TechniciansPage technicians={await listTechnicians(c.get('em'))} user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} />))
  .post('/technicians', requireRole('dispatcher'), async (c) => {
    const body = await c.req.parseBody({ all: true });
    const skills = ([] as unknown[]).concat(body.skills ?? []).filter((s): s is string => typeof s === 'string');
    const values = { name: typeof body.name === 'string' ? body.name : '', phone: typeof body.phone === 'string' ? body.phone : '' };
    let technician: z.infer<typeof NewTechnicianBody>;
    try {
      technician = parseForm(NewTechnicianBody, { ...values, skills });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      const technicians = await listTechnicians(c.get('em'));
      return c.html(<TechnicianList technicians={technicians} form={{ values, skills, errors: error.fields, message: error.message }} />, 422);
    }
    await createTechnician(c.get('em'), technician, actorOf(c));
    return c.html(<TechnicianList technicians={await listTechnicians(c.get('em'))} />);
  });
