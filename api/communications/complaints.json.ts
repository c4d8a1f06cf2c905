/**
 * Complaints in the JSON API (docs/api.md): open one on an account; resolve it once with an
 * optional `resolution` note (a second resolve is 409 with details.currentStatus).
 */
import { createRoute } from '@hono/zod-openapi';
import { openComplaint, resolveComplaint } from '../../domain/communications/complaints.js';
import { actorOf } from '../common/actor.js';
import { apiRouter, body, ErrorBody, errorResponses, json } from '../common/openapi.js';
import { jsonOf } from '../profile/profile-mappers.js';
import { AccountParams, ComplaintItem, notFoundResponse } from '../profile/profile.schemas.js';
import { RecordIdParams } from '../common/record-params.js';
import { ComplaintResolution, NewComplaint } from './records.schemas.js';

const create = createRoute({
  method: 'post', path: '/accounts/{accountNumber}/complaints', tags: ['complaints'], summary: 'Open a complaint',
  request: { params: AccountParams, ...body(NewComplaint) },
  responses: { 201: json(ComplaintItem, 'The open complaint'), ...errorResponses, 404: notFoundResponse },
});

const resolve = createRoute({
  method: 'post', path: '/complaints/{id}/resolve', tags: ['complaints'], summary: 'Resolve an open complaint (body optional)',
  request: { params: RecordIdParams, body: { required: false, ...json(ComplaintResolution) } },
  responses: {
    200: json(ComplaintItem, 'The complaint as it now is'), ...errorResponses,
    404: json(ErrorBody, 'Unknown complaint'),
    409: json(ErrorBody, 'Already resolved (details.currentStatus, details.resolvedAt)'),
  },
});

export const complaintsApiRoutes = apiRouter()
  .openapi(create, async (c) => {
    const complaint = await openComplaint(c.get('em'), c.req.valid('param').accountNumber, c.req.valid('json'), actorOf(c));
    return c.json(jsonOf(complaint), 201);
  })
  .openapi(resolve, async (c) => {
    const complaint = await resolveComplaint(c.get('em'), c.req.valid('param').id, c.req.valid('json') ?? {}, actorOf(c));
    return c.json(jsonOf(complaint), 200);
  });
