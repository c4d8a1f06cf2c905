/** The portal's settings (/my/settings): how we notify the consumer, whether at all, and their quiet hours. */
import type { Preferences } from '../../domain/portal/portal-preferences.js';
import { Field, FormMessage } from '../common/form-field.js';
import { Notice } from './portal-layout.js';
import { CsrfField, fieldProps, posting, type PortalForm } from './portal-form.js';

/** The form's values for the preferences in force. */
export function settingsValues(p: Preferences): Record<string, string> {
  return {
    notificationChannel: p.notificationChannel, optOut: p.optOut ? 'on' : '', defaultQuietHours: p.quietHours.usesDefault ? 'on' : '',
    'quietHours.from': p.quietHours.from, 'quietHours.to': p.quietHours.to,
  };
}

export function SettingsPage({ form, csrfToken, notice }: { form: PortalForm; csrfToken: string | null; notice?: string | null }) {
  const v = form.values;
  return (
    <>
      <Notice message={notice} />
      <h1>Settings</h1>
      <form id="settings-form" class="card" {...posting('/my/settings')}>
        <CsrfField token={csrfToken} />
        <FormMessage message={form.message} />
        <fieldset>
          <legend>Send my notices by</legend>
          <label class="choice"><input type="radio" name="notificationChannel" value="email" checked={v.notificationChannel !== 'sms'} /> E-mail</label>
          <label class="choice"><input type="radio" name="notificationChannel" value="sms" checked={v.notificationChannel === 'sms'} /> Text message (SMS)</label>
          {form.errors.notificationChannel ? <p class="field-error" role="alert">{form.errors.notificationChannel}</p> : null}
        </fieldset>
        <label class="choice"><input type="checkbox" name="optOut" value="on" checked={v.optOut === 'on'} /> Send me no notices at all</label>
        <fieldset>
          <legend>Quiet hours</legend>
          <p class="muted">We hold text messages during these hours and send them when they end; e-mail is not held, nor are emergency notices.</p>
          <label class="choice">
            <input type="checkbox" name="defaultQuietHours" value="on" checked={v.defaultQuietHours === 'on'} /> The utility's standard hours (shown below while ticked)
          </label>
          <div class="pair">
            <Field label="From" name="quietHours.from" error={form.errors['quietHours.from']}><input {...fieldProps('quietHours.from', form)} type="time" /></Field>
            <Field label="To" name="quietHours.to" error={form.errors['quietHours.to']}><input {...fieldProps('quietHours.to', form)} type="time" /></Field>
          </div>
        </fieldset>
        <button type="submit" class="primary">Save</button>
      </form>
    </>
  );
}
