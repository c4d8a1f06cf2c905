/**
 * The admins' notification list (docs/rules.md#notifications): filter by status, and a Retry button on each
 * failed one that swaps in the row as it now is (queued, then sent by the jobs worker).
 */
import { NOTIFICATION_STATUSES, type NotificationStatus } from '../../domain/common/enums.js';
import type { NotificationView } from '../../domain/notifications/notification-admin.js';
import type { Page } from '../../domain/common/paging.js';
import { Pager as ListPager } from '../common/pager.js';
import { formatLocalDateTime } from '../../domain/common/utility-time.js';
import { Layout, type ShellUser } from '../common/layout.js';

export interface NotificationListData {
  page: Page<NotificationView>;
  status?: NotificationStatus;
  timeZone: string;
}

const STATUS_LABELS: Record<NotificationStatus, string> = {
  queued: 'Queued', sending: 'Sending', sent: 'Sent', failed: 'Failed', skipped: 'Skipped (opted out)',
};
const words = (value: string) => value.replaceAll('_', ' ');

export function listUrl(status: NotificationStatus | undefined, page = 1): string {
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/admin/notifications?${query}` : '/admin/notifications';
}

/** A row still on its way (queued, sending) reloads itself every 2 s until it is sent or failed. */
export function NotificationRow({ n, timeZone }: { n: NotificationView; timeZone: string }) {
  const pending = n.status === 'queued' || n.status === 'sending';
  const refresh = pending ? { 'hx-get': `/admin/notifications/${n.id}/row`, 'hx-trigger': 'load delay:2s', 'hx-swap': 'outerHTML' } : {};
  return (
    <tr id={`notification-${n.id}`} class={`notification-row notification-${n.status}`} {...refresh}>
      <td>{formatLocalDateTime(new Date(n.createdAt), timeZone)}</td>
      <td><a href={`/accounts/${n.accountNumber}`}>{n.accountNumber}</a><br /><span class="muted">{n.accountName}</span></td>
      <td>{words(n.event)}</td>
      <td>{n.channel ?? '—'}</td>
      <td><span class={`notification-status notification-status-${n.status}`} data-status={n.status}>{STATUS_LABELS[n.status]}</span></td>
      <td class="numeric">{n.attempts}</td>
      <td class="notification-error">{n.lastError ?? ''}</td>
      <td>
        {n.status === 'failed'
          ? <button type="button" class="primary" hx-post={`/admin/notifications/${n.id}/retry`} hx-target={`#notification-${n.id}`} hx-swap="outerHTML">Retry</button>
          : n.sentAt ? <span class="muted">sent {formatLocalDateTime(new Date(n.sentAt), timeZone)}</span> : null}
      </td>
    </tr>
  );
}

function Pager({ data }: { data: NotificationListData }) {
  const link = (page: number) => {
    const href = listUrl(data.status, page);
    return { href, 'hx-get': href, 'hx-target': '#notification-list', 'hx-push-url': 'true' };
  };
  return <ListPager page={data.page} label="Notification" link={link} />;
}

/** The list alone: what an htmx filter or page change swaps in. */
export function NotificationList({ data }: { data: NotificationListData }) {
  return (
    <div id="notification-list">
      {data.page.items.length === 0
        ? <p class="empty">No {data.status ? STATUS_LABELS[data.status].toLowerCase() : ''} notifications.</p>
        : (
          <table class="notifications">
            <thead>
              <tr><th>Queued</th><th>Account</th><th>Event</th><th>Channel</th><th>Status</th><th>Tries</th><th>Last error</th><th></th></tr>
            </thead>
            <tbody>{data.page.items.map((n) => <NotificationRow n={n} timeZone={data.timeZone} />)}</tbody>
          </table>
        )}
      <Pager data={data} />
    </div>
  );
}

export function NotificationsPage({ data, user, csrfToken }: { data: NotificationListData; user: ShellUser; csrfToken: string | null }) {
  return (
    <Layout title="Notifications" user={user} csrfToken={csrfToken} active="notifications">
      <header class="page-header">
        <h1>Notifications</h1>
        <a href="/admin/queues">Queue dashboard</a>
      </header>
      <form class="filters" method="get" action="/admin/notifications" hx-get="/admin/notifications" hx-target="#notification-list"
        hx-push-url="true" hx-trigger="change">
        <label>
          Status
          <select name="status">
            <option value="" selected={!data.status}>All</option>
            {NOTIFICATION_STATUSES.map((s) => <option value={s} selected={s === data.status}>{STATUS_LABELS[s]}</option>)}
          </select>
        </label>
        <noscript><button type="submit">Filter</button></noscript>
      </form>
      <NotificationList data={data} />
    </Layout>
  );
}
