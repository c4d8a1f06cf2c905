/**
 * Logging a communication in the JSON API (docs/api.md). `channel` is email, phone or sms
 * (`system` entries are Cistern's own notifications: 422); a phone call needs
 * `durationSeconds`, other channels must not send one; `occurredAt` defaults to now.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { COMMUNICATION_CHANNELS } from '../../domain/common/enums.js';
import { MAX_CALL_SECONDS } from '../../domain/communications/call-duration.js';
import { logCommunication } from '../../domain/communications/communications.js';
import { actorOf } from '../common/actor.js';
import { dateField, instantOf } from '../common/date-field.js';
import { apiRouter, body, errorResponses, json } from '../common/openapi.js';
import { jsonOf } from '../profile/profile-mappers.js';
import { AccountParams, CommunicationItem, notFoundResponse } from '../profile/profile.schemas.js';
import { CommunicationFields } from './records.schemas.js';

const NewCommunication = CommunicationFields.extend({
  channel: z.enum(COMMUNICATION_CHANNELS).openapi({ description: 'email, phone or sms (system is refused)', example: 'phone' }),
  durationSeconds: z.number().int().min(0).max(MAX_CALL_SECONDS).nullish().openapi({ description: 'required for phone calls only', example: 245 }),
  occurredAt: dateField({ example: '2026-11-28T14:05:00Z' }).optional(),
}).openapi('NewCommunication');

const create = createRoute({
  method: 'post', path: '/accounts/{accountNumber}/communications', tags: ['communications'],
  summary: 'Log a phone call (with its duration), an email or an SMS, with its direction',
  request: { params: AccountParams, ...body(NewCommunication) },
  responses: { 201: json(CommunicationItem, 'The logged communication'), ...errorResponses, 404: notFoundResponse },
});

export const communicationsApiRoutes = apiRouter().openapi(create, async (c) => {
  const input = c.req.valid('json');
  const item = await logCommunication(c.get('em'), c.req.valid('param').accountNumber, {
    ...input, occurredAt: input.occurredAt ? instantOf(c, input.occurredAt, 'occurredAt') : undefined,
  }, actorOf(c));
  return c.json(jsonOf(item), 201);
});
