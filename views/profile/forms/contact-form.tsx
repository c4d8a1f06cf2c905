/** The "Edit contact" form of the Overview tab, with the stale-edit comparison. */
import { NOTIFICATION_CHANNELS } from '../../../domain/common/enums.js';
import type { ContactFields } from '../../../domain/accounts/account-record.js';
import { controlProps, Field, FormMessage, inputProps } from '../../common/form-field.js';
import { EnumOptions } from './enum-options.js';

/** The account's contact data as the form's text values. */
export function contactValues(contact: { [K in keyof ContactFields]: ContactFields[K] | string }, version: number): Record<string, string> {
  return {
    firstName: String(contact.firstName), lastName: String(contact.lastName), email: String(contact.email ?? ''), phone: String(contact.phone ?? ''),
    serviceAddress: String(contact.serviceAddress), city: String(contact.city ?? ''), postalCode: String(contact.postalCode ?? ''),
    preferredChannel: String(contact.preferredChannel), notificationsOptOut: contact.notificationsOptOut === true ? 'true' : '', version: String(version),
  };
}

const LABELS: Record<keyof ContactFields, string> = {
  firstName: 'First name', lastName: 'Last name', email: 'Email', phone: 'Phone', serviceAddress: 'Service address',
  city: 'City', postalCode: 'Postal code', preferredChannel: 'Notify by', notificationsOptOut: 'Opted out of notifications',
};

/** Someone saved first: their values next to the agent's, so they can compare before saving theirs over them. */
function TheirValues({ current, mine }: { current: ContactFields; mine: Record<string, string> }) {
  const theirs = (key: keyof ContactFields) => {
    const value = current[key];
    return typeof value === 'boolean' ? (value ? 'yes' : 'no') : (value ?? '');
  };
  const yours = (key: keyof ContactFields) => (key === 'notificationsOptOut' ? (mine[key] === 'true' ? 'yes' : 'no') : (mine[key] ?? ''));
  return (
    <div class="alert alert-error stale-record" role="alert">
      <p><strong>Someone else changed this record</strong> while you were editing. Their values are below; yours are still in the form.
        Save again to replace theirs with yours, or reload the tab to start from theirs.</p>
      <table class="compact their-values">
        <thead><tr><th scope="col">Field</th><th scope="col">Now saved</th><th scope="col">Yours</th></tr></thead>
        <tbody>
          {(Object.keys(LABELS) as (keyof ContactFields)[]).map((key) => (
            <tr class={theirs(key) !== yours(key) ? 'differs' : undefined} data-field={key}>
              <th scope="row">{LABELS[key]}</th><td>{theirs(key) || '—'}</td><td>{yours(key) || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface ContactFormProps {
  accountNumber: string;
  values: Record<string, string>;
  errors?: Record<string, string>;
  message?: string;
  /** Set after a stale save: what is stored now. */
  conflict?: ContactFields;
  open?: boolean;
}

/** "Edit contact" on the Overview tab; the hidden version guards against overwriting someone else's save. */
export function ContactForm({ accountNumber, values, errors = {}, message, conflict, open }: ContactFormProps) {
  const text = (name: keyof ContactFields, type = 'text') => (
    <Field label={LABELS[name]} name={name} error={errors[name]}>
      <input {...inputProps(name, values, errors)} type={type} />
    </Field>
  );
  return (
    <details id="contact-editor" class="edit-contact" open={open || Boolean(message) || undefined}>
      <summary>Edit contact</summary>
      <form id="contact-form" class="grid-form" hx-post={`/accounts/${encodeURIComponent(accountNumber)}/contact`}
        hx-target="#contact-editor" hx-swap="outerHTML" novalidate>
        {conflict ? <TheirValues current={conflict} mine={values} /> : <FormMessage message={message} />}
        <input type="hidden" name="version" value={values.version} />
        {text('firstName')}{text('lastName')}{text('email', 'email')}{text('phone', 'tel')}
        {text('serviceAddress')}{text('city')}{text('postalCode')}
        <Field label={LABELS.preferredChannel} name="preferredChannel" error={errors.preferredChannel}>
          <select {...controlProps('preferredChannel', errors)}>
            <EnumOptions values={NOTIFICATION_CHANNELS} selected={values.preferredChannel} />
          </select>
        </Field>
        <label class="checkbox">
          <input type="checkbox" name="notificationsOptOut" value="true" checked={values.notificationsOptOut === 'true'} /> {LABELS.notificationsOptOut}
        </label>
        <div class="wide"><button type="submit" class="primary">Save contact</button></div>
      </form>
    </details>
  );
}
