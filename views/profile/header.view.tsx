/** The profile header: name, number, status, VIP, health score, balance and alerts. */
import type { AccountRecord } from '../../domain/accounts/account-record.js';
import type { AccountInsights } from '../../domain/accounts/account-insights.js';
import { formatCents } from '../../domain/common/money.js';
import { StatusBadge } from '../common/status-badge.js';
import { VipCrown } from '../common/vip-crown.js';
import { formatDay } from './format.js';

const SEVERITY_LABELS = { critical: 'Critical', warning: 'Warning', info: 'Note' } as const;

function Balance({ cents }: { cents: number }) {
  if (cents < 0) return <span class="balance credit">{formatCents(-cents)} credit</span>;
  return <span class={cents > 0 ? 'balance owing' : 'balance'}>{formatCents(cents)}</span>;
}

/**
 * The profile header (docs/rules.md#consumer-profile): who, which account, status, VIP, health, balance, last bill, alerts.
 * `swapOob` marks it for htmx to replace the one on the page when a save answers with a re-rendered tab.
 */
export function ProfileHeader({ record, insights, swapOob }: { record: AccountRecord; insights: AccountInsights; swapOob?: boolean }) {
  const { health, vip, balance, billing, alerts } = insights;
  return (
    <header id="profile-header" class="profile-header panel" hx-swap-oob={swapOob ? 'true' : undefined}>
      <div class="profile-title">
        <h1>
          {record.firstName} {record.lastName} <VipCrown vip={vip.vip} />
        </h1>
        <span class="account-number">{record.accountNumber}</span>
        <StatusBadge status={record.status} disconnectionKind={record.disconnectionKind} />
        {vip.vip ? <span class="vip-label">VIP</span> : null}
      </div>
      <dl class="profile-facts">
        <div>
          <dt>Health score</dt>
          <dd><span class="health-score" data-health-score={String(health.score)}>{health.score}</span>/100</dd>
        </div>
        <div>
          <dt>Current balance</dt>
          <dd data-balance-cents={String(balance.balanceCents)}><Balance cents={balance.balanceCents} /></dd>
        </div>
        <div>
          <dt>Last billing date</dt>
          <dd>{formatDay(billing.lastBillingDate)}</dd>
        </div>
      </dl>
      {alerts.length ? (
        <ul class="profile-alerts" aria-label="Alerts">
          {alerts.map((alert) => (
            <li class={`profile-alert severity-${alert.severity}`} data-alert={alert.kind}>
              <strong>{SEVERITY_LABELS[alert.severity]}:</strong> {alert.message}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted no-alerts">No alerts.</p>
      )}
    </header>
  );
}
