/** The admins' "Add bill" form on the Financial tab: the same bill the billing system's import sends. */
import { Field, FormMessage, inputProps } from '../../common/form-field.js';

export interface BillFormProps {
  accountNumber: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  message?: string;
}

/** Refused, the form swaps itself (inline messages, what was typed kept); a saved bill re-renders the whole tab. */
export function BillForm({ accountNumber, values = {}, errors = {}, message }: BillFormProps) {
  const day = (name: string, label: string) => (
    <Field label={label} name={name} error={errors[name]}><input {...inputProps(name, values, errors)} type="date" required /></Field>
  );
  return (
    <form id="bill-form" class="add-bill grid-form" hx-post={`/accounts/${encodeURIComponent(accountNumber)}/bills`}
      hx-target="this" hx-swap="outerHTML" novalidate>
      <FormMessage message={message} />
      {day('periodStart', 'Period start')}
      {day('periodEnd', 'Period end')}
      {day('issuedAt', 'Issued on')}
      {day('dueDate', 'Due on')}
      <Field label="Amount ($)" name="billAmount" error={errors.billAmount}>
        <input {...inputProps('billAmount', values, errors)} inputmode="decimal" placeholder="84.20" required />
      </Field>
      <Field label="Usage" name="usage" error={errors.usage}>
        <input {...inputProps('usage', values, errors)} inputmode="numeric" placeholder="3200" required />
      </Field>
      <div class="wide"><button type="submit" class="primary">Add bill</button></div>
    </form>
  );
}
