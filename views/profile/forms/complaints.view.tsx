/** The Service tab's complaints panel: the list, the new-complaint and resolve forms. */
import { COMPLAINT_STALE_AFTER_DAYS, daysOpen, isStale } from '../../../domain/communications/complaint-rules.js';
import { SUGGESTED_CATEGORIES } from '../../../domain/communications/complaints.js';
import type { Page } from '../../../domain/common/paging.js';
import type { ComplaintItem } from '../../../domain/communications/profile-records.js';
import { Field, FormMessage } from '../../common/form-field.js';
import { enumLabel, formatDateTime } from '../format.js';
import { Pager } from '../pager.view.js';
import { tabUrl } from '../tabs.view.js';
import { accountPath, EMPTY_FORM, scoped, type FormState } from './form-state.js';

export const COMPLAINT_FORM = 'complaint-new';
export const resolveComplaintForm = (id: number) => `complaint-resolve-${id}`;

export function NewComplaintForm({ accountNumber, state = EMPTY_FORM }: { accountNumber: string; state?: FormState }) {
  const category = scoped(COMPLAINT_FORM, 'category', state);
  const description = scoped(COMPLAINT_FORM, 'description', state);
  return (
    <form id={COMPLAINT_FORM} class="record-form" hx-post={`${accountPath(accountNumber)}/complaints`} hx-target="this" hx-swap="outerHTML">
      <FormMessage message={state.message} />
      <Field label="Category" name={category.fieldName} error={category.error}>
        <input type="text" list="complaint-categories" maxlength={100} required {...category.props} value={category.value} />
      </Field>
      <datalist id="complaint-categories">{SUGGESTED_CATEGORIES.map((c) => <option value={c} />)}</datalist>
      <Field label="What is the complaint?" name={description.fieldName} error={description.error}>
        <textarea {...description.props} rows={3} maxlength={5000} required>{description.value}</textarea>
      </Field>
      <button type="submit" class="primary">Open complaint</button>
    </form>
  );
}

export function ResolveComplaintForm({ accountNumber, complaintId, state = EMPTY_FORM }: { accountNumber: string; complaintId: number; state?: FormState }) {
  const id = resolveComplaintForm(complaintId);
  const resolution = scoped(id, 'resolution', state);
  return (
    <form id={id} class="record-form inline-form" hx-post={`${accountPath(accountNumber)}/complaints/${complaintId}/resolve`}
      hx-target="this" hx-swap="outerHTML">
      <FormMessage message={state.message} />
      <Field label="Resolution (optional)" name={resolution.fieldName} error={resolution.error}>
        <input type="text" maxlength={5000} {...resolution.props} value={resolution.value} />
      </Field>
      <button type="submit">Resolve</button>
    </form>
  );
}

function Age({ complaint, asOf, timeZone }: { complaint: ComplaintItem; asOf: Date; timeZone: string }) {
  if (complaint.status === 'resolved') return null;
  const days = daysOpen(complaint, asOf, timeZone);
  const stale = isStale(complaint, asOf, timeZone);
  return (
    <span class={stale ? 'complaint-age stale' : 'complaint-age'} data-stale={stale ? 'true' : undefined}
      title={stale ? `Unresolved for more than ${COMPLAINT_STALE_AFTER_DAYS} days: it costs health points` : undefined}>
      {' '}· open {days} {days === 1 ? 'day' : 'days'}
    </span>
  );
}

export interface ComplaintsProps {
  accountNumber: string; complaints: Page<ComplaintItem>; timeZone: string; asOf: Date;
  /** The service orders' page shown beside the complaints, kept when the complaints' page changes. */
  ordersPage?: number;
}

/** The Service tab's complaints: newest first, each open one with its age and a resolve form; then "open a complaint". */
export function ComplaintsPanel({ accountNumber, complaints, timeZone, asOf, ordersPage }: ComplaintsProps) {
  return (
    <section class="panel" aria-labelledby="complaints-heading" id="complaints">
      <h2 id="complaints-heading">Complaints</h2>
      {complaints.items.length ? (
        <ol class="complaints">
          {complaints.items.map((c) => (
            <li id={`complaint-${c.id}`} class={`complaint complaint-${c.status}`} data-complaint={String(c.id)}>
              <p class="complaint-meta">
                <time datetime={c.openedAt.toISOString()}>{formatDateTime(c.openedAt, timeZone)}</time>{' · '}
                <strong>{c.category}</strong>{' · '}
                <span class={`complaint-status complaint-status-${c.status}`}>{enumLabel(c.status)}</span>
                <Age complaint={c} asOf={asOf} timeZone={timeZone} />
                {c.resolvedAt ? <span class="muted"> · resolved {formatDateTime(c.resolvedAt, timeZone)}</span> : null}
              </p>
              <p class="complaint-description">{c.description}</p>
              {c.resolution ? <p class="complaint-resolution muted">Resolution: {c.resolution}</p> : null}
              {c.status === 'open' ? <ResolveComplaintForm accountNumber={accountNumber} complaintId={c.id} /> : null}
            </li>
          ))}
        </ol>
      ) : <p class="muted">No complaints.</p>}
      <Pager page={complaints} label="Complaints" href={(page) => tabUrl(accountNumber, 'service', { page: ordersPage, complaintsPage: page })} />
      <details class="record-form-panel">
        <summary>Open a complaint</summary>
        <NewComplaintForm accountNumber={accountNumber} />
      </details>
    </section>
  );
}
