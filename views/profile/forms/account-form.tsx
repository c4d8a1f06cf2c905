/** The "New account" page and its form. */
import { BILLING_CYCLES, NOTIFICATION_CHANNELS, PAYMENT_METHODS_ON_FILE } from '../../../domain/common/enums.js';
import { controlProps, Field, FormMessage, inputProps } from '../../common/form-field.js';
import { EnumOptions } from './enum-options.js';
import { Layout, type ShellUser } from '../../common/layout.js';

export interface NewAccountFormProps {
  values?: Record<string, string>;
  errors?: Record<string, string>;
  message?: string;
}

const DEFAULTS = { ratePlan: 'Standard Residential', billingCycle: 'monthly', paymentMethod: 'manual', preferredChannel: 'email' };

/** Opening an account: it starts `pending` under the next free number; a saved one opens its profile. */
export function NewAccountForm({ values = DEFAULTS, errors = {}, message }: NewAccountFormProps) {
  const text = (name: string, label: string, type = 'text', required = false) => (
    <Field label={label} name={name} error={errors[name]}>
      <input {...inputProps(name, values, errors)} type={type} required={required} />
    </Field>
  );
  const choice = (name: string, label: string, options: readonly string[]) => (
    <Field label={label} name={name} error={errors[name]}>
      <select {...controlProps(name, errors)}><EnumOptions values={options} selected={values[name]} /></select>
    </Field>
  );
  return (
    <form id="new-account-form" class="grid-form panel" hx-post="/accounts" hx-target="this" hx-swap="outerHTML" novalidate>
      <FormMessage message={message} />
      {text('firstName', 'First name', 'text', true)}{text('lastName', 'Last name', 'text', true)}
      {text('email', 'Email', 'email')}{text('phone', 'Phone', 'tel')}
      {text('serviceAddress', 'Service address', 'text', true)}{text('city', 'City')}{text('postalCode', 'Postal code')}
      {text('customerSince', 'Customer since (default today)', 'date')}
      {text('ratePlan', 'Rate plan', 'text', true)}
      {choice('billingCycle', 'Billing cycle', BILLING_CYCLES)}
      {choice('paymentMethod', 'Payment method', PAYMENT_METHODS_ON_FILE)}
      {choice('preferredChannel', 'Notify by', NOTIFICATION_CHANNELS)}
      <div class="wide"><button type="submit" class="primary">Open account</button></div>
    </form>
  );
}

export function NewAccountPage({ user, csrfToken }: { user: ShellUser; csrfToken: string | null }) {
  return (
    <Layout title="New account" user={user} csrfToken={csrfToken} active="accounts">
      <p class="breadcrumb"><a href="/accounts">Consumers</a> / New account</p>
      <h1>New account</h1>
      <NewAccountForm />
    </Layout>
  );
}
