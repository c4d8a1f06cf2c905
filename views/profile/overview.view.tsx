/** The profile's Overview tab: contact data, alerts, VIP criteria, latest activity and the edit forms. */
import type { AccountInsights } from '../../domain/accounts/account-insights.js';
import type { AccountRecord } from '../../domain/accounts/account-record.js';
import type { TimelineEntry } from '../../domain/timeline/timeline-entries.js';
import { enumLabel, formatDay } from './format.js';
import { tabLinkAttributes, tabUrl } from './tabs.view.js';
import { TimelineEntries } from './timeline.view.js';
import { HealthBreakdown } from './health-breakdown.view.js';
import { VipCriteria } from './vip-criteria.view.js';
import { ContactForm, contactValues } from './forms/contact-form.js';
import { VipPinForm } from './forms/vip-pin-form.view.js';
import { PortalAccessPanel } from './portal-access.view.js';
import type { PortalAccess } from '../../domain/portal/portal-access.js';

export interface OverviewProps {
  record: AccountRecord;
  insights: AccountInsights;
  /** The newest entries of the timeline. */
  activity: TimelineEntry[];
  timeZone: string;
  canPinVip?: boolean;
  /** The account's consumer on the portal, or null; undefined leaves the panel out. */
  portalAccess?: PortalAccess | null;
}

export function OverviewTab({ record, insights, activity, timeZone, canPinVip, portalAccess }: OverviewProps) {
  return (
    <div class="overview-grid">
      <section class="panel" aria-labelledby="contact-heading">
        <h2 id="contact-heading">Contact</h2>
        <dl class="facts">
          <dt>Email</dt><dd>{record.email ?? '—'}</dd>
          <dt>Phone</dt><dd>{record.phone ?? '—'}</dd>
          <dt>Service address</dt>
          <dd>{record.serviceAddress}{record.city ? `, ${record.city}` : ''}{record.postalCode ? ` ${record.postalCode}` : ''}</dd>
          <dt>Customer since</dt><dd>{formatDay(record.customerSince)}</dd>
          <dt>Notifications</dt>
          <dd>{record.notificationsOptOut ? 'Opted out' : `By ${enumLabel(record.preferredChannel)}`}</dd>
        </dl>
        <ContactForm accountNumber={record.accountNumber} values={contactValues(record, record.version)} />
      </section>
      <section class="panel" id="health" aria-labelledby="health-heading">
        <h2 id="health-heading">Health score</h2>
        <HealthBreakdown health={insights.health} />
      </section>
      <section class="panel" id="vip" aria-labelledby="vip-heading">
        <h2 id="vip-heading">VIP</h2>
        <VipCriteria vip={insights.vip} minCriteria={record.vipSettings.minCriteria} />
        {canPinVip ? <VipPinForm accountNumber={record.accountNumber} vip={insights.vip} /> : null}
      </section>
      {portalAccess !== undefined ? <PortalAccessPanel accountNumber={record.accountNumber} access={portalAccess} timeZone={timeZone} /> : null}
      <section class="panel" aria-labelledby="activity-heading">
        <h2 id="activity-heading">Latest activity</h2>
        {activity.length ? (
          <ol class="activity"><TimelineEntries entries={activity} timeZone={timeZone} /></ol>
        ) : <p class="muted">Nothing yet.</p>}
        <p><a {...tabLinkAttributes(tabUrl(record.accountNumber, 'timeline'))}>Full timeline</a></p>
      </section>
    </div>
  );
}
