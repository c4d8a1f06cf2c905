/**
 * Complaints in the JSON API (API.md): open one on an account; resolve it once with an
 * optional `resolution` note (a second resolve is 409 with details.currentStatus).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { CATEGORY_MAX_LENGTH, COMPLAINT_MAX_LENGTH, openComplaint, resolveComplaint } from '../../domain/communications/complaints.js';
import { actorOf } from '../shared/actor.js';
import { apiRouter, ErrorBody, errorResponses } from '../shared/openapi.js';
import { jsonOf } from '../profile/profile-mappers.js';
import { AccountParams, ComplaintItem, notFoundResponse } from '../profile/profile.schemas.js';
import { json, RecordIdParams } from './records.schemas.js';

const NewComplaint = z.object({
  category: z.string().max(CATEGORY_MAX_LENGTH).openapi({ example: 'low pressure' }),
  description: z.string().max(COMPLAINT_MAX_LENGTH).openapi({ example: 'Low pressure upstairs since last week.' }),
}).openapi('NewComplaint');

const Resolution = z.object({
  resolution: z.string().max(COMPLAINT_MAX_LENGTH).nullish().openapi({ example: 'Pressure regulator adjusted at the meter.' }),
}).openapi('ComplaintResolution');

const create = createRoute({
  method: 'post', path: '/accounts/{accountNumber}/complaints', tags: ['complaints'], summary: 'Open a complaint',
  request: { params: AccountParams, body: { required: true, ...json(NewComplaint) } },
  responses: { 201: { description: 'The open complaint', ...json(ComplaintItem) }, ...errorResponses, 404: notFoundResponse },
});

const resolve = createRoute({
  method: 'post', path: '/complaints/{id}/resolve', tags: ['complaints'], summary: 'Resolve an open complaint (body optional)',
  request: { params: RecordIdParams, body: { required: false, ...json(Resolution) } },
  responses: {
    200: { description: 'The complaint as it now is', ...json(ComplaintItem) }, ...errorResponses,
    404: { description: 'Unknown complaint', ...json(ErrorBody) },
    409: { description: 'Already resolved (details.currentStatus, details.resolvedAt)', ...json(ErrorBody) },
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
