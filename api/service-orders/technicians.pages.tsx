/** The technicians page: the list and the add form (htmx, inline errors). */
import { Hono } from 'hono';
import { z } from 'zod';
import { SERVICE_ORDER_TYPES } from '../../domain/common/enums.js';
import { Invalid } from '../../domain/common/errors.js';
import { createTechnician, listTechnicians } from '../../domain/service-orders/technicians.js';
import { TechnicianList, TechniciansPage } from '../../views/service-orders/technicians.view.js';
import { actorOf } from '../common/actor.js';
import type { AppEnv } from '../app-env.js';
import { fieldErrors } from '../common/openapi.js';
import { requireRole } from '../middleware/require-role.js';
import { shellUser } from '../common/shell.js';

const NewTechnician = z.object({
  name: z.string().trim().min(1, 'required').max(200),
  phone: z.string().trim().max(32).optional().transform((v) => v || undefined),
  skills: z.array(z.enum(SERVICE_ORDER_TYPES)).min(1, 'tick at least one order type'),
});

/** Dispatchers manage technicians (docs/rules.md#roles-access-and-audit): the list and an add form. */
export const technicianPageRoutes = new Hono<AppEnv>()
  .get('/technicians', requireRole('dispatcher'), async (c) =>
    c.html(<TechniciansPage technicians={await listTechnicians(c.get('em'))} user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} />))
  .post('/technicians', requireRole('dispatcher'), async (c) => {
    const body = await c.req.parseBody({ all: true });
    const skills = ([] as unknown[]).concat(body.skills ?? []).filter((s): s is string => typeof s === 'string');
    const values = { name: typeof body.name === 'string' ? body.name : '', phone: typeof body.phone === 'string' ? body.phone : '' };
    const parsed = NewTechnician.safeParse({ ...values, skills });
    if (!parsed.success) {
      const error = new Invalid('Please correct the fields marked below.', fieldErrors(parsed.error.issues));
      const technicians = await listTechnicians(c.get('em'));
      return c.html(<TechnicianList technicians={technicians} form={{ values, skills, errors: error.fields, message: error.message }} />, 422);
    }
    await createTechnician(c.get('em'), parsed.data, actorOf(c));
    return c.html(<TechnicianList technicians={await listTechnicians(c.get('em'))} />);
  });
