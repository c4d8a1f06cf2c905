/** The form that records a payment on the Financial tab. */
import { PAYMENT_METHODS, PAYMENT_STATUSES } from '../../../domain/common/enums.js';
import { formatCents } from '../../../domain/common/money.js';
import { toLocalDateTimeInput } from '../../../domain/common/utility-time.js';
import type { BillItem } from '../../../domain/billing/profile-finance.js';
import { controlProps, Field, FormMessage, inputProps } from '../../common/form-field.js';
import { EnumOptions } from './enum-options.js';
import { formatDay } from '../format.js';

export interface PaymentFormProps {
  accountNumber: string;
  /** Recent bills the payment may settle. */
  bills: BillItem[];
  timeZone: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  message?: string;
}

/**
 * "Record payment" on the Financial tab. The form swaps itself when refused (inline
 * messages, what was typed kept); a saved payment re-renders the whole tab.
 */
export function PaymentForm({ accountNumber, bills, timeZone, values, errors = {}, message }: PaymentFormProps) {
  const v = values ?? { paidAt: toLocalDateTimeInput(new Date(), timeZone), method: 'credit_card', status: 'processed' };
  return (
    <form id="payment-form" class="record-payment grid-form" hx-post={`/accounts/${encodeURIComponent(accountNumber)}/payments`}
      hx-target="this" hx-swap="outerHTML" novalidate>
      <FormMessage message={message} />
      <Field label="Amount ($)" name="amount" error={errors.amount}>
        <input {...inputProps('amount', v, errors)} inputmode="decimal" placeholder="125.00" required />
      </Field>
      <Field label="Paid at" name="paidAt" error={errors.paidAt}>
        <input {...inputProps('paidAt', v, errors)} type="datetime-local" required />
      </Field>
      <Field label="Reference" name="reference" error={errors.reference}>
        <input {...inputProps('reference', v, errors)} placeholder="PAY-2026-000123" required />
      </Field>
      <Field label="Method" name="method" error={errors.method}>
        <select {...controlProps('method', errors)}>
          <EnumOptions values={PAYMENT_METHODS} selected={v.method} />
        </select>
      </Field>
      <Field label="Status" name="status" error={errors.status}>
        <select {...controlProps('status', errors)}>
          <EnumOptions values={PAYMENT_STATUSES} selected={v.status} />
        </select>
      </Field>
      <Field label="For bill (optional)" name="billId" error={errors.billId}>
        <select {...controlProps('billId', errors)}>
          <option value="">No particular bill</option>
          {bills.map((b) => (
            <option value={String(b.id)} selected={v.billId === String(b.id)}>
              {formatDay(b.periodStart)} – {formatDay(b.periodEnd)}: {formatCents(b.amountCents)} due {formatDay(b.dueDate)}
            </option>
          ))}
        </select>
      </Field>
      <div class="wide"><button type="submit" class="primary">Record payment</button></div>
    </form>
  );
}

/** Clearing or bouncing a pending payment, from its row in the payment history. */
/** A processed payment that bounced afterwards: marking it failed takes its allocations back. */
export function ReversePaymentButton({ accountNumber, paymentId }: { accountNumber: string; paymentId: number }) {
  const url = `/accounts/${encodeURIComponent(accountNumber)}/payments/${paymentId}/status`;
  return (
    <button type="button" class="danger settle-payment" hx-post={url} hx-vals={JSON.stringify({ status: 'failed' })} hx-target="this" hx-swap="outerHTML"
      hx-confirm="Mark this processed payment as failed (reversed)? The bills it paid are open again and the consumer is notified.">Reversed</button>
  );
}

export function SettlePaymentButtons({ accountNumber, paymentId }: { accountNumber: string; paymentId: number }) {
  const url = `/accounts/${encodeURIComponent(accountNumber)}/payments/${paymentId}/status`;
  return (
    <span class="settle-payment">
      <button type="button" hx-post={url} hx-vals={JSON.stringify({ status: 'processed' })} hx-target="this" hx-swap="outerHTML">Processed</button>
      <button type="button" class="danger" hx-post={url} hx-vals={JSON.stringify({ status: 'failed' })} hx-target="this" hx-swap="outerHTML"
        hx-confirm="Mark this payment as failed? The consumer is notified.">Failed</button>
    </span>
  );
}
