/** The technicians page: the add form and the list. */
import { SERVICE_ORDER_TYPES } from '../../domain/common/enums.js';
import type { TechnicianView } from '../../domain/service-orders/technicians.js';
import { Field, FormMessage, inputProps } from '../common/form-field.js';
import { Layout, type ShellUser } from '../common/layout.js';
import { TYPE_LABELS } from './labels.js';

export interface TechnicianFormProps { values?: Record<string, string>; skills?: string[]; errors?: Record<string, string>; message?: string }

/** Adding a technician with the order types they may take; the list below reloads with them. */
export function TechnicianForm({ values = {}, skills = [], errors = {}, message }: TechnicianFormProps) {
  return (
    <form id="technician-form" class="grid-form panel" hx-post="/technicians" hx-target="#technicians" hx-swap="outerHTML" novalidate>
      <FormMessage message={message} />
      <Field label="Name" name="name" error={errors.name}><input {...inputProps('name', values, errors)} required maxlength={200} /></Field>
      <Field label="Phone" name="phone" error={errors.phone}><input {...inputProps('phone', values, errors)} type="tel" maxlength={32} /></Field>
      <fieldset class="wide skills">
        <legend>Skills (order types){errors.skills ? <span class="field-error" role="alert"> — {errors.skills}</span> : null}</legend>
        {SERVICE_ORDER_TYPES.map((type) => (
          <label class="checkbox"><input type="checkbox" name="skills" value={type} checked={skills.includes(type)} /> {TYPE_LABELS[type]}</label>
        ))}
      </fieldset>
      <div class="wide"><button type="submit" class="primary">Add technician</button></div>
    </form>
  );
}

export function TechnicianList({ technicians, form }: { technicians: TechnicianView[]; form?: TechnicianFormProps }) {
  return (
    <section id="technicians">
      <TechnicianForm {...form} />
      <table class="panel">
        <thead><tr><th scope="col">Name</th><th scope="col">Phone</th><th scope="col">Skills</th></tr></thead>
        <tbody>
          {technicians.map((t) => (
            <tr data-technician={String(t.id)}><td>{t.name}</td><td>{t.phone ?? '—'}</td><td>{t.skills.map((s) => TYPE_LABELS[s]).join(', ')}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function TechniciansPage({ technicians, user, csrfToken }: { technicians: TechnicianView[]; user: ShellUser; csrfToken: string | null }) {
  return (
    <Layout title="Technicians" user={user} csrfToken={csrfToken} active="technicians">
      <h1>Technicians</h1>
      <TechnicianList technicians={technicians} />
    </Layout>
  );
}
