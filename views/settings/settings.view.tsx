/** The admins' settings page: the SLA timers and business hours, the holiday calendar, the default quiet hours, the VIP rule, the nightly schedule, and the way to the template editor. */
import { SERVICE_ORDER_PRIORITIES } from '../../domain/common/enums.js';
import { controlProps, Field, FormMessage, inputProps } from '../common/form-field.js';
import { Layout, type ShellUser } from '../common/layout.js';
import { PRIORITY_LABELS } from '../service-orders/labels.js';
import { ScheduleSettingsForm, type ScheduleFormProps } from './schedule.view.js';

type Values = Record<string, string>;
export interface SettingsFormProps { values: Values; errors?: Record<string, string>; message?: string; saved?: boolean }

function Saved({ saved }: { saved?: boolean }) {
  return saved ? <p class="alert alert-info" role="status">Saved. New orders, profiles and runs use it from now on.</p> : null;
}

/** SLA timers per priority, in hours, the clock each counts on, the business hours, and the appointment reminder's lead time. */
export function SlaSettingsForm({ values, errors = {}, message, saved }: SettingsFormProps) {
  const number = (name: string, label: string) => (
    <Field label={label} name={name} error={errors[name]}><input {...inputProps(name, values, errors)} type="number" step="0.25" min="0" required /></Field>
  );
  const clock = (name: string, label: string) => (
    <Field label={label} name={name} error={errors[name]}>
      <select {...controlProps(name, errors)}>
        <option value="business" selected={values[name] !== 'wall'}>Business hours</option>
        <option value="wall" selected={values[name] === 'wall'}>Wall clock (every hour)</option>
      </select>
    </Field>
  );
  const time = (name: string, label: string) => (
    <Field label={label} name={name} error={errors[name]}><input {...inputProps(name, values, errors)} type="time" required /></Field>
  );
  return (
    <form id="sla-settings" class="grid-form panel" hx-post="/admin/settings/sla" hx-target="this" hx-swap="outerHTML" novalidate>
      <h2 class="wide">Service-order SLA timers (hours from creation)</h2>
      <FormMessage message={message} /><Saved saved={saved} />
      {SERVICE_ORDER_PRIORITIES.map((p) => (
        <>
          {number(`${p}Assign`, `${PRIORITY_LABELS[p]}: assigned within`)}{number(`${p}Complete`, `${PRIORITY_LABELS[p]}: completed within`)}
          {clock(`${p}Clock`, `${PRIORITY_LABELS[p]}: hours count`)}
        </>
      ))}
      <p class="wide muted">Reconnections always count the wall clock. Business hours run Monday to Friday, skipping the holidays below.</p>
      {time('businessStart', 'Business hours start')}
      {time('businessEnd', 'Business hours end')}
      {number('reminderLeadHours', 'Appointment reminder, hours before the visit')}
      <div class="wide"><button type="submit" class="primary">Save SLA timers</button></div>
    </form>
  );
}

/** The VIP rule's thresholds (docs/rules.md#vip). */
export function VipSettingsForm({ values, errors = {}, message, saved }: SettingsFormProps) {
  const number = (name: string, label: string, step = '1') => (
    <Field label={label} name={name} error={errors[name]}><input {...inputProps(name, values, errors)} type="number" step={step} min="0" required /></Field>
  );
  return (
    <form id="vip-settings" class="grid-form panel" hx-post="/admin/settings/vip" hx-target="this" hx-swap="outerHTML" novalidate>
      <h2 class="wide">VIP rule</h2>
      <FormMessage message={message} /><Saved saved={saved} />
      {number('minCompliancePercent', 'Payment compliance at least (%)', '0.1')}
      {number('minBillsDue', 'with at least this many bills due')}
      {number('minTenureYears', 'Customer for at least (years)', '0.5')}
      {number('consumptionPercentile', 'Consumption at or above percentile of active accounts')}
      {number('maxComplaints', 'At most this many complaints in 12 months')}
      {number('minCriteria', 'Criteria that must hold (of 5)')}
      <div class="wide"><button type="submit" class="primary">Save VIP rule</button></div>
    </form>
  );
}

/** The utility's default quiet hours: text messages to consumers wait through them (emails and emergencies do not). */
export function QuietHoursSettingsForm({ values, errors = {}, message, saved }: SettingsFormProps) {
  const time = (name: string, label: string) => (
    <Field label={label} name={name} error={errors[name]}><input {...inputProps(name, values, errors)} type="time" required /></Field>
  );
  return (
    <form id="quiet-hours-settings" class="grid-form panel" hx-post="/admin/settings/quiet-hours" hx-target="this" hx-swap="outerHTML" novalidate>
      <h2 class="wide">Quiet hours (utility time)</h2>
      <FormMessage message={message} /><Saved saved={saved} />
      <p class="wide muted">Text messages to consumers wait until quiet hours end; emails and emergency notices go at once. Consumers may set their own.</p>
      {time('quietStart', 'Quiet from')}
      {time('quietEnd', 'Quiet until')}
      <div class="wide"><button type="submit" class="primary">Save quiet hours</button></div>
    </form>
  );
}

export interface HolidayRow { id: number; day: string; name: string }

/** The holiday calendar: the days listed, each removable, and a form to add one. */
export function HolidaysPanel({ holidays, values = {}, errors = {}, message, notice }: {
  holidays: HolidayRow[]; values?: Values; errors?: Record<string, string>; message?: string; notice?: string;
}) {
  return (
    <section id="holidays" class="panel">
      <h2>Holidays</h2>
      <p class="muted">Business-hours SLAs skip these days.</p>
      {notice ? <p class="alert alert-info" role="status">{notice}</p> : null}
      {holidays.length ? (
        <table>
          <thead><tr><th scope="col">Date</th><th scope="col">Name</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {holidays.map((h) => (
              <tr>
                <td>{h.day}</td><td>{h.name}</td>
                <td><button type="button" hx-post={`/admin/settings/holidays/${h.id}/remove`} hx-target="#holidays" hx-swap="outerHTML"
                  hx-confirm={`Remove ${h.name} (${h.day})?`}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p>No holidays yet.</p>}
      <form class="grid-form" hx-post="/admin/settings/holidays" hx-target="#holidays" hx-swap="outerHTML" novalidate>
        <FormMessage message={message} />
        <Field label="Date" name="day" error={errors.day}><input {...inputProps('day', values, errors)} type="date" required /></Field>
        <Field label="Name" name="name" error={errors.name}><input {...inputProps('name', values, errors)} type="text" maxlength={100} required /></Field>
        <div class="wide"><button type="submit" class="primary">Add holiday</button></div>
      </form>
    </section>
  );
}

export function SettingsPage({ sla, quiet, holidays, vip, schedule, user, csrfToken }: {
  sla: Values; quiet: Values; holidays: HolidayRow[]; vip: Values; schedule: ScheduleFormProps; user: ShellUser; csrfToken: string | null;
}) {
  return (
    <Layout title="Settings" user={user} csrfToken={csrfToken} active="settings">
      <h1>Settings</h1>
      <p><a href="/admin/settings/templates">Notification templates</a>: the wording of every notification, by event and channel.</p>
      <SlaSettingsForm values={sla} />
      <HolidaysPanel holidays={holidays} />
      <QuietHoursSettingsForm values={quiet} />
      <VipSettingsForm values={vip} />
      <ScheduleSettingsForm {...schedule} />
    </Layout>
  );
}
