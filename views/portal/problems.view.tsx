/** The portal's problem reports (/my/problems): a description, a topic and a photo, and the reports made so far. */
import type { Page } from '../../domain/common/paging.js';
import { PROBLEM_CATEGORIES, type ReportedProblem } from '../../domain/portal/portal-problems.js';
import { controlProps, Field, FormMessage } from '../common/form-field.js';
import { enumLabel, formatDateTime } from '../profile/format.js';
import { Notice } from './portal-layout.js';
import { CsrfField, posting, type PortalForm } from './portal-form.js';

export interface ProblemsProps { problems: Page<ReportedProblem>; form: PortalForm; csrfToken: string | null; timeZone: string; maxPhotoMiB: string; notice?: string | null }

function ReportForm({ form, csrfToken, maxPhotoMiB }: Pick<ProblemsProps, 'form' | 'csrfToken' | 'maxPhotoMiB'>) {
  return (
    <form id="problem-form" {...posting('/my/problems', true)}>
      <CsrfField token={csrfToken} />
      <FormMessage message={form.message} />
      <Field label="Topic" name="category" error={form.errors.category}>
        <select {...controlProps('category', form.errors)}>
          {PROBLEM_CATEGORIES.map((c) => <option value={c} selected={(form.values.category ?? 'other') === c}>{enumLabel(c)}</option>)}
        </select>
      </Field>
      <Field label="What is wrong?" name="description" error={form.errors.description}>
        <textarea {...controlProps('description', form.errors)} rows={4} maxlength={5000} required>{form.values.description ?? ''}</textarea>
      </Field>
      <Field label={`Photo (optional; JPEG, PNG or WebP, up to ${maxPhotoMiB} MiB)`} name="photo" error={form.errors.photo}>
        <input {...controlProps('photo', form.errors)} type="file" accept="image/jpeg,image/png,image/webp" />
      </Field>
      <button type="submit" class="primary">Send report</button>
    </form>
  );
}

export function ProblemsPage(props: ProblemsProps) {
  return (
    <>
      <Notice message={props.notice} />
      <h1>Report a problem</h1>
      <section class="card" aria-labelledby="report-heading">
        <h2 id="report-heading">Tell us what happened</h2>
        <ReportForm {...props} />
      </section>
      <section class="card" aria-labelledby="reports-heading">
        <h2 id="reports-heading">Your reports</h2>
        {props.problems.items.length ? (
          <ul class="items">
            {props.problems.items.map((p) => (
              <li class="item" data-problem={String(p.id)}>
                <div class="item-head"><strong>{enumLabel(p.category)}</strong><span>{enumLabel(p.status)}</span></div>
                <div class="muted">{formatDateTime(p.openedAt, props.timeZone)}</div>
                <p class="pre">{p.description}</p>
                {p.photoDocumentId ? <img class="photo" src={`/my/problems/${p.id}/photo`} alt={`What you sent with report ${p.id}`} loading="lazy" /> : null}
                {p.resolution ? <p>Our answer: {p.resolution}</p> : null}
              </li>
            ))}
          </ul>
        ) : <p class="muted">No problems reported.</p>}
      </section>
    </>
  );
}
