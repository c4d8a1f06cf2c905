/** The form that opens a service order from the profile. */
import { SERVICE_ORDER_PRIORITIES, SERVICE_ORDER_TYPES } from '../../../domain/common/enums.js';
import { controlProps, Field, FormMessage, inputProps } from '../../common/form-field.js';
import { PRIORITY_LABELS, TYPE_LABELS } from '../../service-orders/labels.js';

export interface ServiceOrderFormProps {
  accountNumber: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  message?: string;
}

/** "New service order" on the Service tab; a saved order re-opens the tab with it listed. */
export function ServiceOrderForm({ accountNumber, values = { priority: 'normal', type: 'repair' }, errors = {}, message }: ServiceOrderFormProps) {
  const choice = (name: string, label: string, options: readonly string[], labels: Record<string, string>) => (
    <Field label={label} name={name} error={errors[name]}>
      <select {...controlProps(name, errors)}>{options.map((o) => <option value={o} selected={values[name] === o}>{labels[o]}</option>)}</select>
    </Field>
  );
  return (
    <details class="panel new-order" open={!!message}>
      <summary>New service order</summary>
      <form id="service-order-form" class="grid-form" hx-post={`/accounts/${accountNumber}/service-orders`} hx-target="closest details" hx-swap="outerHTML" novalidate>
        <FormMessage message={message} />
        {choice('type', 'Type', SERVICE_ORDER_TYPES, TYPE_LABELS)}
        {choice('priority', 'Priority', SERVICE_ORDER_PRIORITIES, PRIORITY_LABELS)}
        <Field label="Transfer to (transfers only)" name="targetAccountNumber" error={errors.targetAccountNumber}>
          <input {...inputProps('targetAccountNumber', values, errors)} placeholder="WU-10002" />
        </Field>
        <label class="checkbox"><input type="checkbox" name="permanent" value="true" checked={values.permanent === 'true'} /> Permanent disconnection</label>
        <div class="wide">
          <Field label="Description" name="description" error={errors.description}>
            <textarea {...controlProps('description', errors)} required maxlength={2000} rows={2}>{values.description ?? ''}</textarea>
          </Field>
        </div>
        <div class="wide"><button type="submit" class="primary">Create order</button></div>
      </form>
    </details>
  );
}
