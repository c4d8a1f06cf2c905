/** /admin/notifications (htmx): the list by status and a retry per failed notification. */
import { Hono, type Context } from 'hono';
import { NOTIFICATION_STATUSES, type NotificationStatus } from '../../domain/common/enums.js';
import { getNotification, listNotifications, retryNotification } from '../../domain/notifications/notification-admin.js';
import { pageFromQuery } from '../../domain/common/paging.js';
import { NotificationList, NotificationRow, NotificationsPage, type NotificationListData } from '../../views/notifications/notifications.view.js';
import { actorOf } from '../common/actor.js';
import { recordId } from '../common/record-params.js';
import type { AppEnv } from '../app-env.js';
import { wantsFragment } from '../common/htmx.js';
import { relayJobSoon } from '../common/job-queues.js';
import { requireRole } from '../middleware/require-role.js';
import { shellUser } from '../common/shell.js';

async function listData(c: Context<AppEnv>): Promise<NotificationListData> {
  const query = c.req.query();
  // An unknown status in a link shows every notification rather than an error page.
  const status = (NOTIFICATION_STATUSES as readonly string[]).includes(query.status ?? '') ? query.status as NotificationStatus : undefined;
  const page = await listNotifications(c.get('em'), status, pageFromQuery(query.page, query.pageSize, 50));
  return { page, status, timeZone: c.get('deps').config.UTILITY_TIME_ZONE };
}

function idOf(c: Context<AppEnv>): number {
  return recordId(c.req.param('id'), 'Notification');
}

export const notificationPageRoutes = new Hono<AppEnv>()
  .get('/admin/notifications', requireRole('admin'), async (c) => {
    const data = await listData(c);
    if (wantsFragment(c)) return c.html(<NotificationList data={data} />);
    return c.html(<NotificationsPage data={data} user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} />);
  })
  .get('/admin/notifications/:id{[0-9]+}/row', requireRole('admin'), async (c) => {
    const notification = await getNotification(c.get('em'), idOf(c));
    return c.html(<NotificationRow n={notification} timeZone={c.get('deps').config.UTILITY_TIME_ZONE} />);
  })
  .post('/admin/notifications/:id{[0-9]+}/retry', requireRole('admin'), async (c) => {
    const id = idOf(c);
    const { notification, outboxId } = await retryNotification(c.get('em'), id, actorOf(c));
    await relayJobSoon(c, outboxId);
    return c.html(<NotificationRow n={notification} timeZone={c.get('deps').config.UTILITY_TIME_ZONE} />);
  });
