/** The notification rows of docs/api.md: admins see what was sent or failed, and retry a failed one. */
import { createRoute, z } from '@hono/zod-openapi';
import { NOTIFICATION_CHANNELS, NOTIFICATION_EVENTS, NOTIFICATION_STATUSES } from '../../domain/common/enums.js';
import { getNotification, listNotifications, retryNotification } from '../../domain/notifications/notification-admin.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE } from '../../domain/common/paging.js';
import { actorOf } from '../common/actor.js';
import { relayJobSoon } from '../common/job-queues.js';
import { requireRole } from '../middleware/require-role.js';
import { apiRouter, ErrorBody, errorResponses, json } from '../common/openapi.js';
import { RecordIdParams } from '../common/record-params.js';

export const NotificationBody = z.object({
  id: z.number().int(), accountNumber: z.string(), accountName: z.string(), event: z.enum(NOTIFICATION_EVENTS),
  channel: z.enum(NOTIFICATION_CHANNELS).nullable(), status: z.enum(NOTIFICATION_STATUSES), attempts: z.number().int(),
  lastError: z.string().nullable(), providerMessageId: z.string().nullable(), idempotencyKey: z.string(),
  createdAt: z.string().datetime(), updatedAt: z.string().datetime(), sentAt: z.string().datetime().nullable(),
}).openapi('Notification');

const NotificationPage = z.object({
  items: z.array(NotificationBody), total: z.number().int(), page: z.number().int(), pageSize: z.number().int(),
}).openapi('NotificationPage');

const ListQuery = z.object({
  status: z.enum(NOTIFICATION_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

const list = createRoute({
  method: 'get', path: '/notifications', tags: ['notifications'], summary: 'Notifications by status, newest first',
  middleware: [requireRole('admin')] as const, request: { query: ListQuery },
  responses: { 200: json(NotificationPage, 'A page of notifications'), ...errorResponses },
});
const one = createRoute({
  method: 'get', path: '/notifications/{id}', tags: ['notifications'], summary: 'One notification',
  middleware: [requireRole('admin')] as const, request: { params: RecordIdParams },
  responses: { 200: json(NotificationBody, 'The notification'), 404: json(ErrorBody, 'Unknown'), ...errorResponses },
});
const retry = createRoute({
  method: 'post', path: '/notifications/{id}/retry', tags: ['notifications'],
  summary: 'Send a failed notification again (queued now; sent by the jobs worker, at most once)',
  middleware: [requireRole('admin')] as const, request: { params: RecordIdParams },
  responses: {
    200: json(NotificationBody, 'The notification, queued again'),
    404: json(ErrorBody, 'Unknown notification'),
    409: json(ErrorBody, 'Not failed (details.currentStatus)'),
    ...errorResponses,
  },
});

export const notificationsApiRoutes = apiRouter()
  .openapi(list, async (c) => {
    const { status, page, pageSize } = c.req.valid('query');
    return c.json(await listNotifications(c.get('em'), status, { page, pageSize }), 200);
  })
  .openapi(one, async (c) => c.json(await getNotification(c.get('em'), c.req.valid('param').id), 200))
  .openapi(retry, async (c) => {
    const { notification, outboxId } = await retryNotification(c.get('em'), c.req.valid('param').id, actorOf(c));
    await relayJobSoon(c, outboxId);
    return c.json(notification, 200);
  });
