/** The portal's bills and payments (/my/bills): each bill with what is paid, each payment with the bills it paid. */
import type { Page } from '../../domain/common/paging.js';
import type { BillItem, PaymentItem } from '../../domain/billing/profile-finance.js';
import { enumLabel, formatDateTime, formatDay, formatNumber } from '../profile/format.js';
import { formatCents } from './portal-format.js';

function BillCard({ bill, unit }: { bill: BillItem; unit: string }) {
  const state = bill.amountCents === 0 ? 'Nothing to pay' : bill.paidOn ? `Paid in full on ${bill.paidOn}` : bill.paidCents > 0 ? `${formatCents(bill.paidCents)} paid so far` : 'Not paid yet';
  return (
    <li class="item" data-bill={String(bill.id)}>
      <div class="item-head"><strong>{formatCents(bill.amountCents)}</strong><span>due {formatDay(bill.dueDate)}</span></div>
      <div class="muted">{formatDay(bill.periodStart)} – {formatDay(bill.periodEnd)} · {formatNumber(bill.usage)} {unit}</div>
      <div>{state}</div>
    </li>
  );
}

function PaymentCard({ payment, dueOf, timeZone }: { payment: PaymentItem; dueOf: Map<number, Date>; timeZone: string }) {
  const allocated = payment.allocations.reduce((s, a) => s + a.amountCents, 0);
  return (
    <li class="item" data-payment={payment.reference}>
      <div class="item-head"><strong>{formatCents(payment.amountCents)}</strong><span>{formatDateTime(payment.paidAt, timeZone)}</span></div>
      <div class="muted">{enumLabel(payment.method)} · {payment.reference} · {enumLabel(payment.status)}</div>
      {payment.allocations.length ? (
        <ul class="allocations">
          {payment.allocations.map((a) => {
            const due = dueOf.get(a.billId);
            return <li data-allocated-bill={String(a.billId)}>{formatCents(a.amountCents)} paid the bill {due ? `due ${formatDay(due)}` : `#${a.billId}`} <span class="muted">on {a.appliedOn}</span></li>;
          })}
          {payment.status === 'processed' && allocated < payment.amountCents ? <li class="muted">{formatCents(payment.amountCents - allocated)} kept as credit</li> : null}
        </ul>
      ) : payment.status === 'processed' ? <div class="muted">Kept as credit for your next bill</div> : null}
    </li>
  );
}

export function BillsPage({ bills, payments, unit, timeZone }: { bills: Page<BillItem>; payments: Page<PaymentItem>; unit: string; timeZone: string }) {
  const dueOf = new Map(bills.items.map((b) => [b.id, b.dueDate]));
  return (
    <>
      <h1>Bills and payments</h1>
      <section class="card" aria-labelledby="bills-heading">
        <h2 id="bills-heading">Bills</h2>
        {bills.items.length ? <ul class="items">{bills.items.map((b) => <BillCard bill={b} unit={unit} />)}</ul> : <p class="muted">No bills yet.</p>}
      </section>
      <section class="card" aria-labelledby="payments-heading">
        <h2 id="payments-heading">Payments</h2>
        <p class="muted">A payment goes to the bill it names first, then to the oldest bill still open; anything left is credit for your next bill.</p>
        {payments.items.length
          ? <ul class="items">{payments.items.map((p) => <PaymentCard payment={p} dueOf={dueOf} timeZone={timeZone} />)}</ul>
          : <p class="muted">No payments yet.</p>}
      </section>
    </>
  );
}
