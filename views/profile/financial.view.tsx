/** The profile's Financial tab: billing overview, payment history and bills. */
import type { AccountInsights } from '../../domain/accounts/account-insights.js';
import type { AccountRecord } from '../../domain/accounts/account-record.js';
import type { Page } from '../../domain/common/paging.js';
import type { BillItem, PaymentItem } from '../../domain/billing/profile-finance.js';
import { formatCents, formatPercent } from '../../domain/common/money.js';
import { enumLabel, formatDateTime, formatDay, formatNumber } from './format.js';
import { BillForm } from './forms/bill-form.js';
import { PaymentForm, ReversePaymentButton, SettlePaymentButtons } from './forms/payment-form.js';
import { Pager } from './pager.view.js';
import { tabUrl } from './tabs.view.js';

export interface FinancialProps {
  record: AccountRecord;
  insights: AccountInsights;
  payments: Page<PaymentItem>;
  bills: Page<BillItem>;
  timeZone: string;
  /** Admins add bills by hand (docs/rules.md#bills-payments-and-compliance), as the billing system's import does. */
  canAddBills?: boolean;
}

function BillingOverview({ record, insights }: Pick<FinancialProps, 'record' | 'insights'>) {
  const { billing, compliance } = insights;
  const estimate = billing.nextBillEstimate;
  return (
    <section class="panel" aria-labelledby="billing-heading">
      <h2 id="billing-heading">Billing overview</h2>
      <dl class="facts">
        <dt>Rate plan</dt><dd>{record.ratePlan}</dd>
        <dt>Billing cycle</dt><dd>{enumLabel(record.billingCycle)}</dd>
        <dt>Payment method</dt><dd>{enumLabel(record.paymentMethod)}</dd>
        <dt>Average monthly usage</dt>
        <dd>
          {billing.averageMonthlyUsage === null ? '—' : `${formatNumber(billing.averageMonthlyUsage, 1)} ${record.usageUnit}`}
          {billing.billedMonths ? <span class="muted"> (over {billing.billedMonths} billed months)</span> : null}
        </dd>
        <dt>Next bill estimate</dt>
        <dd>{estimate ? `${formatCents(estimate.lowCents)} – ${formatCents(estimate.highCents)}` : '—'}</dd>
        <dt>Outstanding</dt>
        <dd data-outstanding-cents={String(billing.outstandingCents)}>
          {formatCents(billing.outstandingCents)}
          {billing.overdueCents > 0 ? <span class="overdue-marker"> ({formatCents(billing.overdueCents)} overdue)</span> : null}
          {billing.creditCents > 0 ? <span class="muted"> ({formatCents(billing.creditCents)} credit)</span> : null}
        </dd>
        <dt>Payment compliance</dt>
        <dd data-compliance={compliance.percent === null ? '' : String(compliance.percent)}>
          {formatPercent(compliance.percent)}
          <span class="muted"> ({compliance.onTime} of {compliance.billsDue} bills due in 12 months paid on time)</span>
        </dd>
      </dl>
    </section>
  );
}

/** Which bills a payment paid, by due date where the bill is on this page of bills. */
function PaidBills({ payment, bills }: { payment: PaymentItem; bills: BillItem[] }) {
  if (payment.allocations.length === 0) return <span class="muted">{payment.status === 'processed' ? 'Credit' : '—'}</span>;
  const dueOf = new Map(bills.map((b) => [b.id, b.dueDate]));
  const unallocated = payment.amountCents - payment.allocations.reduce((s, a) => s + a.amountCents, 0);
  return (
    <ul class="paid-bills">
      {payment.allocations.map((a) => {
        const due = dueOf.get(a.billId);
        return <li data-allocated-bill={String(a.billId)}>{formatCents(a.amountCents)} to bill {due ? `due ${formatDay(due)}` : `#${a.billId}`} <span class="muted">on {a.appliedOn}</span></li>;
      })}
      {unallocated > 0 && payment.status === 'processed' ? <li class="muted">{formatCents(unallocated)} credit</li> : null}
    </ul>
  );
}

function PaymentHistory({ record, payments, bills, timeZone }: FinancialProps) {
  const href = (page: number) => tabUrl(record.accountNumber, 'financial', { page, billsPage: bills.page });
  return (
    <section class="panel" aria-labelledby="payments-heading">
      <h2 id="payments-heading">Payment history</h2>
      {payments.items.length ? (
        <table class="payments">
          <thead><tr><th scope="col">Date</th><th scope="col">Reference</th><th scope="col" class="num">Amount</th><th scope="col">Method</th><th scope="col">Status</th><th scope="col">Paid</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {payments.items.map((p) => (
              <tr id={`payment-${p.id}`} data-payment={p.reference}>
                <td>{formatDateTime(p.paidAt, timeZone)}</td>
                <td>{p.reference}</td>
                <td class="num">{formatCents(p.amountCents)}</td>
                <td>{enumLabel(p.method)}</td>
                <td><span class={`pay-status pay-status-${p.status}`}>{enumLabel(p.status)}</span></td>
                <td><PaidBills payment={p} bills={bills.items} /></td>
                <td>
                  {p.status === 'pending' ? <SettlePaymentButtons accountNumber={record.accountNumber} paymentId={p.id} /> : null}
                  {p.status === 'processed' ? <ReversePaymentButton accountNumber={record.accountNumber} paymentId={p.id} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p class="muted">No payments yet.</p>}
      <Pager page={payments} label="Payment history" href={href} />
    </section>
  );
}

function Bills({ record, payments, bills }: FinancialProps) {
  const href = (page: number) => tabUrl(record.accountNumber, 'financial', { page: payments.page, billsPage: page });
  return (
    <section class="panel" aria-labelledby="bills-heading">
      <h2 id="bills-heading">Bills</h2>
      {bills.items.length ? (
        <table class="bills">
          <thead><tr><th scope="col">Period</th><th scope="col">Issued</th><th scope="col">Due</th><th scope="col" class="num">Usage</th><th scope="col" class="num">Amount</th><th scope="col" class="num">Paid</th><th scope="col">Paid on</th></tr></thead>
          <tbody>
            {bills.items.map((b) => (
              <tr id={`bill-${b.id}`} data-bill={String(b.id)}>
                <td>{formatDay(b.periodStart)} – {formatDay(b.periodEnd)}</td>
                <td>{formatDay(b.issuedAt)}</td>
                <td>{formatDay(b.dueDate)}</td>
                <td class="num">{formatNumber(b.usage)} {record.usageUnit}</td>
                <td class="num">{formatCents(b.amountCents)}</td>
                <td class="num">{formatCents(b.paidCents)}</td>
                <td data-paid-on={b.paidOn ?? ''}>{b.amountCents === 0 ? <span class="muted">Nothing to pay</span> : b.paidOn ? b.paidOn : <span class="muted">{b.paidCents > 0 ? 'Partly paid' : 'Unpaid'}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p class="muted">No bills yet.</p>}
      <Pager page={bills} label="Bills" href={href} />
    </section>
  );
}

export function FinancialTab(props: FinancialProps) {
  return (
    <div class="financial">
      <BillingOverview record={props.record} insights={props.insights} />
      <section class="panel" aria-labelledby="record-payment-heading">
        <h2 id="record-payment-heading">Record payment</h2>
        <PaymentForm accountNumber={props.record.accountNumber} bills={props.bills.items} timeZone={props.timeZone} />
      </section>
      <PaymentHistory {...props} />
      {props.canAddBills ? (
        <section class="panel" aria-labelledby="add-bill-heading">
          <h2 id="add-bill-heading">Add bill</h2>
          <BillForm accountNumber={props.record.accountNumber} />
        </section>
      ) : null}
      <Bills {...props} />
    </div>
  );
}
