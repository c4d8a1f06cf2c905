/** The technician rows of docs/api.md: list (optionally by skill) and add. */
import { createRoute, z } from '@hono/zod-openapi';
import { SERVICE_ORDER_TYPES } from '../../domain/common/enums.js';
import { createTechnician, listTechnicians } from '../../domain/service-orders/technicians.js';
import { actorOf } from '../common/actor.js';
import { requireRole } from '../middleware/require-role.js';
import { apiRouter, body, errorResponses, json } from '../common/openapi.js';
import { NewTechnicianBody, TechnicianBody } from './service-orders.schemas.js';

const list = createRoute({
  method: 'get', path: '/technicians', tags: ['technicians'], summary: 'Active technicians, optionally only those with a skill',
  middleware: [requireRole('dispatcher')] as const,
  request: { query: z.object({ skill: z.enum(SERVICE_ORDER_TYPES).optional() }) },
  responses: { 200: json(z.object({ items: z.array(TechnicianBody) }), 'Technicians'), ...errorResponses },
});
const create = createRoute({
  method: 'post', path: '/technicians', tags: ['technicians'], summary: 'Add a technician with the order types they may take',
  middleware: [requireRole('dispatcher')] as const,
  request: body(NewTechnicianBody),
  responses: { 201: json(TechnicianBody, 'Created'), ...errorResponses },
});

export const techniciansApiRoutes = apiRouter()
  .openapi(list, async (c) => c.json({ items: await listTechnicians(c.get('em'), { skill: c.req.valid('query').skill }) }, 200))
  .openapi(create, async (c) => c.json(await createTechnician(c.get('em'), c.req.valid('json'), actorOf(c)), 201));
