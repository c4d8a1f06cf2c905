/** The profile's Communication tab: the contact log and its form. */
import type { Page } from '../../domain/common/paging.js';
import type { CommunicationItem } from '../../domain/communications/profile-records.js';
import { enumLabel, formatDateTime, formatDuration } from './format.js';
import { Pager } from './pager.view.js';
import { tabUrl } from './tabs.view.js';
import { CommunicationForm } from './forms/communication-form.view.js';

export interface CommunicationProps { accountNumber: string; communications: Page<CommunicationItem>; timeZone: string }

/** Emails, calls, SMS and system notifications, newest first, each with its direction in words. */
export function CommunicationTab({ accountNumber, communications, timeZone }: CommunicationProps) {
  return (
    <section class="panel" aria-labelledby="communication-heading">
      <h2 id="communication-heading">Communication</h2>
      <details class="record-form-panel">
        <summary>Log a call, email or SMS</summary>
        <CommunicationForm accountNumber={accountNumber} />
      </details>
      {communications.items.length ? (
        <ol class="communications">
          {communications.items.map((c) => (
            <li id={`communication-${c.id}`} class={`communication channel-${c.channel}`} data-communication={String(c.id)}>
              <p class="communication-meta" id={c.notificationId === null ? undefined : `notification-${c.notificationId}`}>
                <time datetime={c.occurredAt.toISOString()}>{formatDateTime(c.occurredAt, timeZone)}</time>{' · '}
                <span class="channel">{enumLabel(c.channel)}</span>{' · '}
                <span class={`direction direction-${c.direction}`}>{enumLabel(c.direction)}</span>
                {c.channel === 'phone' ? <span class="duration"> · {formatDuration(c.durationSeconds)}</span> : null}
                {c.createdBy ? <span class="muted"> · logged by {c.createdBy}</span> : null}
              </p>
              {c.subject ? <p class="communication-subject"><strong>{c.subject}</strong></p> : null}
              <p class="communication-body">{c.body}</p>
            </li>
          ))}
        </ol>
      ) : <p class="muted">No communication yet.</p>}
      <Pager page={communications} label="Communication" href={(page) => tabUrl(accountNumber, 'communication', { page })} />
    </section>
  );
}
