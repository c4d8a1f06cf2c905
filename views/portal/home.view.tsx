/** The portal's home (/my): the balance, what is due when, shortcuts, and the orders still open. */
import type { ConsumerAccount } from '../../domain/portal/portal-account.js';
import type { ServiceOrderItem } from '../../domain/service-orders/profile-service.js';
import { StatusBadge } from '../common/status-badge.js';
import { formatDay } from '../profile/format.js';
import { Notice } from './portal-layout.js';
import { formatCents, orderStatusLabel, orderTypeLabel } from './portal-format.js';

function Balance({ account }: { account: ConsumerAccount }) {
  if (account.creditCents > 0) return <p class="balance balance-credit" data-balance-cents={String(account.balanceCents)}>You have a credit of <strong>{formatCents(account.creditCents)}</strong></p>;
  if (account.outstandingCents === 0) return <p class="balance" data-balance-cents="0">You are all paid up.</p>;
  return (
    <p class="balance" data-balance-cents={String(account.balanceCents)}>
      You owe <strong>{formatCents(account.outstandingCents)}</strong>
      {account.overdueCents > 0 ? <span class="overdue"> · {formatCents(account.overdueCents)} overdue</span> : null}
    </p>
  );
}

export function HomePage({ account, openOrders, notice }: { account: ConsumerAccount; openOrders: ServiceOrderItem[]; notice?: string | null }) {
  return (
    <>
      <Notice message={notice} />
      <h1>Hello, {account.name}</h1>
      <p class="muted">Account {account.accountNumber} · {account.serviceAddress} · <StatusBadge status={account.status} /></p>
      <section class="card" aria-labelledby="balance-heading">
        <h2 id="balance-heading">Balance</h2>
        <Balance account={account} />
        <h3>What is due</h3>
        {account.due.length ? (
          <ul class="list due-list">
            {account.due.map((d) => (
              <li data-due-bill={String(d.billId)} class={d.overdue ? 'overdue' : undefined}>
                <strong>{formatCents(d.remainingCents)}</strong> {d.overdue ? 'was due' : 'due'} {formatDay(d.dueDate)}
                {d.remainingCents < d.amountCents ? <span class="muted"> (of a {formatCents(d.amountCents)} bill)</span> : null}
              </li>
            ))}
          </ul>
        ) : <p class="muted">Nothing is due.</p>}
        <a href="/my/bills">Bills and payments</a>
      </section>
      <section class="card" aria-labelledby="actions-heading">
        <h2 id="actions-heading">What would you like to do?</h2>
        <ul class="actions">
          <li><a class="button" href="/my/usage#reading-form">Submit a meter reading</a></li>
          <li><a class="button" href="/my/service-orders#request-form">Request a service</a></li>
          <li><a class="button" href="/my/problems">Report a problem</a></li>
        </ul>
      </section>
      {openOrders.length ? (
        <section class="card" aria-labelledby="open-orders-heading">
          <h2 id="open-orders-heading">Your open requests</h2>
          <ul class="list">
            {openOrders.map((o) => (
              <li><a href={`/my/service-orders/${o.orderNumber}`}>{o.orderNumber}</a> {orderTypeLabel(o.type)}: <strong>{orderStatusLabel(o.status)}</strong></li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
