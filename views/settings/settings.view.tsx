/** The admins' settings page: the SLA timers, the VIP rule, the nightly schedule, and the way to the template editor. */
import { SERVICE_ORDER_PRIORITIES } from '../../domain/common/enums.js';
import { Field, FormMessage, inputProps } from '../common/form-field.js';
import { Layout, type ShellUser } from '../common/layout.js';
import { PRIORITY_LABELS } from '../service-orders/labels.js';
import { ScheduleSettingsForm, type ScheduleFormProps } from './schedule.view.js';

type Values = Record<string, string>;
export interface SettingsFormProps { values: Values; errors?: Record<string, string>; message?: string; saved?: boolean }

function Saved({ saved }: { saved?: boolean }) {
  return saved ? <p class="alert alert-info" role="status">Saved. New orders, profiles and runs use it from now on.</p> : null;
}

/** SLA timers per priority, in hours, and the appointment reminder's lead time. */
export function SlaSettingsForm({ values, errors = {}, message, saved }: SettingsFormProps) {
  const number = (name: string, label: string) => (
    <Field label={label} name={name} error={errors[name]}><input {...inputProps(name, values, errors)} type="number" step="0.25" min="0" required /></Field>
  );
  return (
    <form id="sla-settings" class="grid-form panel" hx-post="/admin/settings/sla" hx-target="this" hx-swap="outerHTML" novalidate>
      <h2 class="wide">Service-order SLA timers (hours from creation)</h2>
      <FormMessage message={message} /><Saved saved={saved} />
      {SERVICE_ORDER_PRIORITIES.map((p) => (
        <>{number(`${p}Assign`, `${PRIORITY_LABELS[p]}: assigned within`)}{number(`${p}Complete`, `${PRIORITY_LABELS[p]}: completed within`)}</>
      ))}
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

export function SettingsPage({ sla, vip, schedule, user, csrfToken }: { sla: Values; vip: Values; schedule: ScheduleFormProps; user: ShellUser; csrfToken: string | null }) {
  return (
    <Layout title="Settings" user={user} csrfToken={csrfToken} active="settings">
      <h1>Settings</h1>
      <p><a href="/admin/settings/templates">Notification templates</a>: the wording of every notification, by event and channel.</p>
      <SlaSettingsForm values={sla} />
      <VipSettingsForm values={vip} />
      <ScheduleSettingsForm {...schedule} />
    </Layout>
  );
}
