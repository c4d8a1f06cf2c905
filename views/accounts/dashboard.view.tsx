/** The dashboard page: accounts by status, balances, open and overdue orders, failed notifications, the trend chart. */
import type { AccountStatus, DisconnectionKind } from '../../domain/common/enums.js';
import { formatCents, formatPercent } from '../../domain/common/money.js';
import type { DashboardStatusKey, OpenOrderStatus, StatusFigure } from '../../domain/accounts/dashboard-figures.js';
import type { Dashboard, DashboardTrend } from '../../domain/accounts/dashboard.js';
import { Sparkline } from '../common/sparkline.js';
import { StatusBadge } from '../common/status-badge.js';
import { Layout, type ShellUser } from '../common/layout.js';
import { formatDateTime } from '../profile/format.js';

const STATUS_CARDS: { key: DashboardStatusKey; status: AccountStatus; kind?: DisconnectionKind; filter: string }[] = [
  { key: 'active', status: 'active', filter: 'status=active' },
  { key: 'inactive', status: 'inactive', filter: 'status=inactive' },
  { key: 'pending', status: 'pending', filter: 'status=pending' },
  { key: 'temporarilyDisconnected', status: 'disconnected', kind: 'temporary', filter: 'status=disconnected' },
  { key: 'permanentlyDisconnected', status: 'disconnected', kind: 'permanent', filter: 'status=disconnected' },
  { key: 'collection', status: 'collection', filter: 'status=collection' },
];

const ORDER_LABELS: Record<OpenOrderStatus, string> = {
  created: 'Created', assigned: 'Assigned', scheduled: 'Scheduled', in_progress: 'In progress',
};

const count = (n: number) => n.toLocaleString('en-US');

function StatusCard({ figure, status, kind, filter }: { figure: StatusFigure; status: AccountStatus; kind?: DisconnectionKind; filter: string }) {
  return (
    <li class={`stat-card stat-${status}`}>
      <a href={`/accounts?${filter}`} class="stat-link">
        <StatusBadge status={status} disconnectionKind={kind} />
        <span class="stat-value">{count(figure.count)}</span>
        <span class="stat-detail">{formatPercent(figure.percent)} of accounts</span>
      </a>
    </li>
  );
}

function AccountCards({ dashboard }: { dashboard: Dashboard }) {
  return (
    <section class="panel" aria-labelledby="accounts-heading">
      <h2 id="accounts-heading">Accounts</h2>
      <ul class="stat-grid">
        <li class="stat-card stat-total">
          <a href="/accounts" class="stat-link">
            <span class="stat-label">Total accounts</span>
            <span class="stat-value">{count(dashboard.totalAccounts)}</span>
            <span class="stat-detail">{count(dashboard.byStatus.disconnected.count)} disconnected in all</span>
          </a>
        </li>
        {STATUS_CARDS.map((card) => <StatusCard figure={dashboard.byStatus[card.key]} status={card.status} kind={card.kind} filter={card.filter} />)}
        <li class="stat-card stat-balance">
          <span class="stat-label">Total balance</span>
          <span class="stat-value">{formatCents(dashboard.totalBalanceCents)}</span>
          <span class="stat-detail">sum of all balances</span>
        </li>
      </ul>
    </section>
  );
}

function OperationsPanel({ dashboard, user }: { dashboard: Dashboard; user: ShellUser }) {
  const orders = dashboard.openServiceOrders;
  const canBoard = user.role === 'dispatcher' || user.role === 'admin';
  return (
    <section class="panel" aria-labelledby="operations-heading">
      <h2 id="operations-heading">Service and notifications</h2>
      <div class="ops-grid">
        <div>
          <h3>Open service orders: {count(orders.total)}</h3>
          <table class="compact">
            <thead><tr><th scope="col">Status</th><th scope="col" class="num">Orders</th></tr></thead>
            <tbody>
              {(Object.keys(ORDER_LABELS) as OpenOrderStatus[]).map((status) => (
                <tr><td>{ORDER_LABELS[status]}</td><td class="num">{count(orders.byStatus[status])}</td></tr>
              ))}
            </tbody>
          </table>
          {canBoard ? <p><a href="/service-orders">Service order board</a></p> : null}
        </div>
        <div class={`stat-card ${dashboard.overdueServiceOrders > 0 ? 'stat-warning' : ''}`}>
          <span class="stat-label">Orders past their SLA</span>
          <span class="stat-value">{count(dashboard.overdueServiceOrders)}</span>
          {canBoard ? <a href="/service-orders?overdue=true">See overdue orders</a> : null}
        </div>
        <div class={`stat-card ${dashboard.failedNotifications > 0 ? 'stat-warning' : ''}`}>
          <span class="stat-label">Failed notifications</span>
          <span class="stat-value">{count(dashboard.failedNotifications)}</span>
          {user.role === 'admin' ? <a href="/admin/notifications?status=failed">Review failed notifications</a> : null}
        </div>
      </div>
    </section>
  );
}

function TrendPanel({ trend }: { trend: DashboardTrend }) {
  if (!trend.totalAccounts.length && !trend.totalBalanceCents.length && !trend.active.length) return null;
  return (
    <section class="panel" aria-labelledby="trend-heading">
      <h2 id="trend-heading">Trend (nightly snapshots, last {trend.days} days)</h2>
      <div class="trend-grid">
        <Sparkline title="Total accounts" points={trend.totalAccounts} format={count} />
        <Sparkline title="Active accounts" points={trend.active} format={count} />
        <Sparkline title="Total balance" points={trend.totalBalanceCents} format={(n) => formatCents(Math.round(n))} />
      </div>
    </section>
  );
}

/** The dashboard's content: the fragment an htmx request gets. */
export function DashboardContent({ dashboard, trend, user, timeZone }: { dashboard: Dashboard; trend: DashboardTrend; user: ShellUser; timeZone: string }) {
  return (
    <div id="dashboard">
      <header class="page-header">
        <h1>Dashboard</h1>
        <p class="muted">Exact as of <time datetime={dashboard.asOf}>{formatDateTime(new Date(dashboard.asOf), timeZone)}</time></p>
      </header>
      <AccountCards dashboard={dashboard} />
      <OperationsPanel dashboard={dashboard} user={user} />
      <TrendPanel trend={trend} />
    </div>
  );
}

export function DashboardPage(props: { dashboard: Dashboard; trend: DashboardTrend; user: ShellUser; csrfToken: string | null; timeZone: string }) {
  return (
    <Layout title="Dashboard" user={props.user} csrfToken={props.csrfToken} active="dashboard">
      <DashboardContent dashboard={props.dashboard} trend={props.trend} user={props.user} timeZone={props.timeZone} />
    </Layout>
  );
}
