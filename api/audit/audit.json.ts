/** The audit log as JSON (admin): who changed what, when, with before and after; newest first. */
import { createRoute, z } from '@hono/zod-openapi';
import { listAudit } from '../../domain/audit/audit-queries.js';
import { plainText } from '../../domain/common/plain-text.js';
import { rowIdParam } from '../../domain/common/row-id.js';
import { requireRole } from '../middleware/require-role.js';
import { apiRouter, errorResponses, json } from '../common/openapi.js';
import { jsonOf } from '../profile/profile-mappers.js';
import { PageQuery, pageOfSchema } from '../profile/profile.schemas.js';

const AuditQuery = PageQuery.extend({
  entity: plainText(100).trim().min(1).optional().openapi({ param: { name: 'entity', in: 'query' }, example: 'payment' }),
  entityId: plainText(255).trim().min(1).optional().openapi({ param: { name: 'entityId', in: 'query' }, example: 'WU-10001' }),
  user: rowIdParam().optional().openapi({ param: { name: 'user', in: 'query' }, description: 'user id' }),
  from: z.string().date().optional().openapi({ param: { name: 'from', in: 'query' }, description: 'first day (utility time zone)' }),
  to: z.string().date().optional().openapi({ param: { name: 'to', in: 'query' }, description: 'last day, included' }),
});

const AuditEntry = z.object({
  id: z.number().int(), at: z.string().datetime({ offset: true }), userId: z.number().int().nullable(), userName: z.string(),
  action: z.string(), entity: z.string(), entityId: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(), after: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable().openapi({ description: 'the X-Request-Id of the HTTP request that made the change' }),
  workflowId: z.string().nullable().openapi({ description: 'the Temporal workflow whose activity made the change' }),
  jobId: z.string().nullable().openapi({ description: 'the BullMQ job that made the change, as queue:id' }),
}).openapi('AuditEntry');

const list = createRoute({
  method: 'get', path: '/audit', tags: ['audit'], summary: 'The audit log, filtered, newest first (admin)',
  middleware: [requireRole('admin')] as const,
  request: { query: AuditQuery },
  responses: { 200: json(pageOfSchema(AuditEntry, 'AuditPage'), 'A page of entries'), ...errorResponses },
});

export const auditApiRoutes = apiRouter().openapi(list, async (c) => {
  const q = c.req.valid('query');
  const page = await listAudit(c.get('em'), { entity: q.entity, entityId: q.entityId, userId: q.user, from: q.from, to: q.to },
    { page: q.page, pageSize: q.pageSize }, c.get('deps').config.UTILITY_TIME_ZONE);
  return c.json(jsonOf(page), 200);
});
