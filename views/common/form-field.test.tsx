/**
 * Every field of every form that shows an inline error is tied to it for screen readers (`aria-invalid`, and
 * `aria-describedby` naming the error Field shows): text inputs, lists, text areas, password and file boxes alike.
 * Each form is drawn once to find its fields, then again with an error on every one of them.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { controlProps, errorLink, inputProps } from './form-field.js';
import { NewUserForm } from '../auth/users.view.js';
import { PasswordForm } from '../auth/account.view.js';
import { ResetPasswordPage } from '../auth/password-reset.view.js';
import { NewAccountForm } from '../profile/forms/account-form.js';
import { ContactForm } from '../profile/forms/contact-form.js';
import { MeterExchangeForm } from '../profile/forms/meter-exchange-form.js';
import { PaymentForm } from '../profile/forms/payment-form.js';
import { ReadingForm } from '../profile/forms/reading-form.js';
import { ServiceOrderForm } from '../profile/forms/service-order-form.view.js';
import { HolidaysPanel, QuietHoursSettingsForm, SlaSettingsForm, VipSettingsForm } from '../settings/settings.view.js';
import { TemplateForm } from '../settings/templates.view.js';
import { ScheduleSettingsForm } from '../settings/schedule.view.js';
import { TechnicianForm } from '../service-orders/technicians.view.js';
import { BillForm } from '../profile/forms/bill-form.js';
import { VipPinForm } from '../profile/forms/vip-pin-form.view.js';
import { CommunicationForm } from '../profile/forms/communication-form.view.js';
import { NewComplaintForm, ResolveComplaintForm } from '../profile/forms/complaints.view.js';
import { DocumentUploadForm } from '../profile/forms/document-forms.view.js';
import { NewNoteForm } from '../profile/forms/note-forms.view.js';
import { RegisterPage } from '../portal/registration.view.js';
import { SettingsPage as PortalSettingsPage } from '../portal/settings.view.js';
import { ProblemsPage } from '../portal/problems.view.js';
import { ServicePage } from '../portal/service.view.js';
import { UsagePage } from '../portal/usage.view.js';

type Errors = Record<string, string>;
const emptyPage = { items: [], total: 0, page: 1, pageSize: 25 };
const twoMeters = [{ meterNumber: 'M-1' }, { meterNumber: 'M-2' }];
const portalForm = (errors: Errors) => ({ values: {}, errors });
const vip = { vip: false, pinned: false, ruleVip: false, criteriaMet: 0, criteria: [], pinReason: null, reasons: [] };
/** A profile form whose fields are scoped (`f-SCOPE-FIELD`) takes its errors by field name. */
const scopedState = (errors: Errors) => ({
  values: {}, errors: Object.fromEntries(Object.entries(errors).map(([id, error]) => [id.slice(id.lastIndexOf('-') + 1), error])),
});

const FORMS: Array<[string, (errors: Errors) => unknown]> = [
  ['new user', (errors) => NewUserForm({ errors })],
  ['own password', (errors) => PasswordForm({ errors })],
  ['password reset', (errors) => ResetPasswordPage({ token: 't', errors })],
  ['new account', (errors) => NewAccountForm({ errors })],
  ['contact', (errors) => ContactForm({ accountNumber: 'WU-10001', values: {}, errors })],
  ['meter reading, two meters', (errors) => ReadingForm({ accountNumber: 'WU-10001', meters: twoMeters, today: '2026-12-05', values: {}, errors })],
  ['meter exchange, two meters', (errors) => MeterExchangeForm({ accountNumber: 'WU-10001', meters: twoMeters, today: '2026-12-05', values: {}, errors })],
  ['payment', (errors) => PaymentForm({ accountNumber: 'WU-10001', bills: [], timeZone: 'UTC', errors })],
  ['service order', (errors) => ServiceOrderForm({ accountNumber: 'WU-10001', errors })],
  ['SLA settings', (errors) => SlaSettingsForm({ values: {}, errors })],
  ['VIP settings', (errors) => VipSettingsForm({ values: {}, errors })],
  ['quiet hours', (errors) => QuietHoursSettingsForm({ values: {}, errors })],
  ['holidays', (errors) => HolidaysPanel({ holidays: [], errors })],
  ['notification template', (errors) => TemplateForm({
    draft: { event: 'technician_scheduled', channel: 'email', subject: 'S', body: 'B' }, accountNumber: '', preview: { note: '' }, errors,
  })],
  ['bill', (errors) => BillForm({ accountNumber: 'WU-10001', errors })],
  ['VIP pin', (errors) => VipPinForm({ accountNumber: 'WU-10001', vip, errors })],
  ['communication', (errors) => CommunicationForm({ accountNumber: 'WU-10001', state: scopedState(errors) })],
  ['new note', (errors) => NewNoteForm({ accountNumber: 'WU-10001', state: scopedState(errors) })],
  ['document upload', (errors) => DocumentUploadForm({ accountNumber: 'WU-10001', titles: [], state: scopedState(errors) })],
  ['new complaint', (errors) => NewComplaintForm({ accountNumber: 'WU-10001', state: scopedState(errors) })],
  ['complaint resolution', (errors) => ResolveComplaintForm({ accountNumber: 'WU-10001', complaintId: 7, state: scopedState(errors) })],
  ['nightly schedule', (errors) => ScheduleSettingsForm({ cron: '0 2 * * *', runs: { problem: '' }, error: errors.cron })],
  ['technician', (errors) => TechnicianForm({ errors })],
  ['portal registration', (errors) => RegisterPage({ errors })],
  ['portal settings', (errors) => PortalSettingsPage({ form: portalForm(errors), csrfToken: null })],
  ['portal reading, two meters', (errors) => UsagePage({
    months: [], unit: 'm³', readings: emptyPage, meters: ['M-1', 'M-2'], today: '2026-12-05', form: portalForm(errors), csrfToken: null,
  })],
  ['portal service request', (errors) => ServicePage({ orders: emptyPage, form: portalForm(errors), csrfToken: null, timeZone: 'UTC' })],
  ['portal problem report', (errors) => ProblemsPage({ problems: emptyPage, form: portalForm(errors), csrfToken: null, timeZone: 'UTC', maxPhotoMiB: '5' })],
];

/** The names of the form's fields: every `f-NAME` id that is not an error's. */
function fieldNames(html: string): string[] {
  return [...html.matchAll(/\bid="f-([^"]+)"/g)].map((m) => m[1]).filter((name) => !name.endsWith('-error'));
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The fields whose shown error is not tied to them. */
function untied(html: string, names: string[]): string[] {
  return names.filter((name) => {
    if (!html.includes(`id="f-${name}-error"`)) return true; // the error is not even shown
    const control = new RegExp(`<(?:input|select|textarea)\\b[^>]*\\bid="f-${escaped(name)}"[^>]*>`).exec(html)?.[0] ?? '';
    return !control.includes('aria-invalid="true"') || !control.includes(`aria-describedby="f-${name}-error"`);
  });
}

for (const [form, draw] of FORMS) {
  test(`${form}: every field's error is tied to it`, async () => {
    const names = fieldNames(String(await draw({})));
    assert.ok(names.length > 0, 'the form has fields');
    const errors = Object.fromEntries(names.map((name) => [name, `Please correct ${name}.`]));
    assert.equal(untied(String(await draw(errors)), names), []);
  });
}

test('errorLink, controlProps and inputProps: the wiring only with an error, a value only for a text input', () => {
  assert.equal(errorLink('email', undefined), {});
  assert.equal(errorLink('email', 'Wrong.'), { 'aria-invalid': 'true', 'aria-describedby': 'f-email-error' });
  assert.equal(controlProps('role', {}), { id: 'f-role', name: 'role' });
  assert.equal(controlProps('role', { role: 'Pick one.' }), { id: 'f-role', name: 'role', 'aria-invalid': 'true', 'aria-describedby': 'f-role-error' });
  assert.equal(inputProps('name', { name: 'Ann' }, {}), { id: 'f-name', name: 'name', value: 'Ann' });
  assert.equal(inputProps('name', {}, { name: 'Required.' }), {
    id: 'f-name', name: 'name', 'aria-invalid': 'true', 'aria-describedby': 'f-name-error', value: '',
  });
});

test.run();
