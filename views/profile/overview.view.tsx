/** The profile's Overview tab: contact data, alerts, VIP criteria, latest activity and the edit forms. */
import type { AccountInsights } from '../../domain/accounts/account-insights.js';
import type { AccountRecord } from '../../domain/accounts/account-record.js';
import type { ActivityItem } from '../../domain/accounts/profile-activity.js';
import { formatCents } from '../../domain/common/money.js';
import { enumLabel, formatDateTime, formatDay, formatNumber } from './format.js';
import { HealthBreakdown } from './health-breakdown.view.js';
import { VipCriteria } from './vip-criteria.view.js';
import { ContactForm, contactValues } from './forms/contact-form.js';
import { VipPinForm } from './forms/vip-pin-form.view.js';
import { PortalAccessPanel } from './portal-access.view.js';
import type { PortalAccess } from '../../domain/portal/portal-access.js';

/** One line per event, worded for an agent reading it aloud. */
function describe(item: ActivityItem): string {
  const money = item.amountCents === null ? '' : formatCents(item.amountCents);
  switch (item.kind) {
    case 'payment': return `Payment ${item.reference ?? ''} of ${money} — ${enumLabel(item.status)}`;
    case 'bill': return `Bill issued for ${money}`;
    case 'communication': return `${enumLabel(item.reference)} ${enumLabel(item.status).toLowerCase()}: ${item.text ?? ''}`;
    case 'service_order': return `Service order ${item.reference ?? ''} (${enumLabel(item.text)}) — ${enumLabel(item.status)}`;
    case 'note': return `Note: ${item.text ?? ''}`;
    case 'complaint': return `Complaint (${item.text ?? ''}) — ${enumLabel(item.status)}`;
    case 'reading': {
      const flags = item.text ? `, flagged ${item.text.split(',').map(enumLabel).join(', ').toLowerCase()}` : '';
      return `Reading ${formatNumber(item.amountCents)} on ${item.reference ?? ''} — ${enumLabel(item.status)}${flags}`;
    }
  }
}

export interface OverviewProps {
  record: AccountRecord;
  insights: AccountInsights;
  activity: ActivityItem[];
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
      <section class="panel" aria-labelledby="health-heading">
        <h2 id="health-heading">Health score</h2>
        <HealthBreakdown health={insights.health} />
      </section>
      <section class="panel" aria-labelledby="vip-heading">
        <h2 id="vip-heading">VIP</h2>
        <VipCriteria vip={insights.vip} minCriteria={record.vipSettings.minCriteria} />
        {canPinVip ? <VipPinForm accountNumber={record.accountNumber} vip={insights.vip} /> : null}
      </section>
      {portalAccess !== undefined ? <PortalAccessPanel accountNumber={record.accountNumber} access={portalAccess} timeZone={timeZone} /> : null}
      <section class="panel" aria-labelledby="activity-heading">
        <h2 id="activity-heading">Latest activity</h2>
        {activity.length ? (
          <ol class="activity">
            {activity.map((item) => (
              <li data-activity={item.kind}>
                <time datetime={item.at.toISOString()}>
                  {item.kind === 'bill' || item.kind === 'reading' ? formatDay(item.at) : formatDateTime(item.at, timeZone)}
                </time>{' '}
                {describe(item)}
              </li>
            ))}
          </ol>
        ) : <p class="muted">Nothing yet.</p>}
      </section>
    </div>
  );
}
