/** The portal's messages (/my/notifications): every notification sent to the consumer, newest first. */
import type { Page } from '../../domain/common/paging.js';
import type { CommunicationItem } from '../../domain/communications/profile-records.js';
import { formatDateTime } from '../profile/format.js';

export function NotificationsPage({ notifications, timeZone }: { notifications: Page<CommunicationItem>; timeZone: string }) {
  return (
    <>
      <h1>Messages we sent you</h1>
      {notifications.items.length ? (
        <ul class="items card">
          {notifications.items.map((n) => (
            <li class="item" data-notification={String(n.id)}>
              <div class="item-head"><strong>{n.subject ?? 'Notice'}</strong><span>{formatDateTime(n.occurredAt, timeZone)}</span></div>
              <p class="pre">{n.body}</p>
            </li>
          ))}
        </ul>
      ) : <p class="muted">We have not sent you anything yet.</p>}
      {notifications.total > notifications.items.length ? <p class="muted">The latest {notifications.items.length} of {notifications.total}.</p> : null}
    </>
  );
}
