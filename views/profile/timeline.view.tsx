/**
 * The profile's Timeline tab (docs/rules.md#account-timeline): a filter form (kinds, date range),
 * the entries newest first, a "More" button that appends the next page in place, and the
 * CSV and Atom exports of what the filter shows. The Overview's latest activity is its first entries.
 */
import type { TimelineEntry } from '../../domain/timeline/timeline-entries.js';
import { TIMELINE_KINDS, type TimelineKind } from '../../domain/timeline/timeline-kinds.js';
import { Field, FormMessage, inputProps } from '../common/form-field.js';
import { formatDateTime } from './format.js';
import { tabUrl } from './tabs.view.js';

export const KIND_LABELS: Record<TimelineKind, string> = {
  payment: 'Payments', bill: 'Bills', reading: 'Readings', reading_verification: 'Reading checks', status: 'Status',
  service_order: 'Service orders', communication: 'Communications', notification: 'Notifications', note: 'Notes',
  complaint: 'Complaints', document: 'Documents', vip: 'VIP', score: 'Health score',
};

/** The filter as the form sent it: kept in the "More" and export links so they show the same stream. */
export interface TimelineFormValues { kinds: string[]; from: string; to: string }

export function timelineSearch(values: TimelineFormValues, cursor?: string): string {
  const params = new URLSearchParams();
  for (const kind of values.kinds) params.append('kind', kind);
  if (values.from) params.set('from', values.from);
  if (values.to) params.set('to', values.to);
  if (cursor) params.set('cursor', cursor);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** Entries as list items: time, kind, summary linked to the record, and who acted. */
export function TimelineEntries({ entries, timeZone }: { entries: TimelineEntry[]; timeZone: string }) {
  return (
    <>
      {entries.map((e) => (
        <li data-activity={e.kind} data-portal={e.portal ? 'true' : undefined}>
          <time datetime={e.at.toISOString()}>{formatDateTime(e.at, timeZone)}</time>{' '}
          <span class="timeline-kind">{KIND_LABELS[e.kind]}</span>{' '}
          <a href={e.link}>{e.summary}</a>
          {e.actor ? <span class="muted"> — {e.actor}</span> : null}
        </li>
      ))}
    </>
  );
}

/** The next page of entries and the button for the one after: what "More" swaps in for itself. */
export function TimelineMore({ accountNumber, entries, nextCursor, values, timeZone }: {
  accountNumber: string; entries: TimelineEntry[]; nextCursor: string | null; values: TimelineFormValues; timeZone: string;
}) {
  return (
    <>
      {entries.length ? <ol class="activity timeline"><TimelineEntries entries={entries} timeZone={timeZone} /></ol> : null}
      <div id="timeline-more">
        {nextCursor ? (
          <button type="button" class="button secondary" hx-get={`${tabUrl(accountNumber, 'timeline')}/more${timelineSearch(values, nextCursor)}`}
            hx-target="#timeline-more" hx-swap="outerHTML">More</button>
        ) : entries.length ? <p class="muted">That is everything.</p> : null}
      </div>
    </>
  );
}

export interface TimelineTabProps {
  accountNumber: string;
  entries: TimelineEntry[];
  nextCursor: string | null;
  values: TimelineFormValues;
  errors: Record<string, string>;
  timeZone: string;
}

function FilterForm({ accountNumber, values, errors }: Pick<TimelineTabProps, 'accountNumber' | 'values' | 'errors'>) {
  const action = tabUrl(accountNumber, 'timeline');
  return (
    <form class="timeline-filter" method="get" action={action} hx-get={action} hx-target="#profile-tabs" hx-swap="outerHTML" hx-push-url="true">
      <FormMessage message={Object.keys(errors).length ? 'Check the filter.' : undefined} />
      <fieldset class="timeline-kinds">
        <legend>Kinds (none ticked: all)</legend>
        {TIMELINE_KINDS.map((kind) => (
          <label><input type="checkbox" name="kind" value={kind} checked={values.kinds.includes(kind)} /> {KIND_LABELS[kind]}</label>
        ))}
        {errors.kind ? <p class="field-error" role="alert">{errors.kind}</p> : null}
      </fieldset>
      <Field label="From" name="from" error={errors.from}><input type="date" {...inputProps('from', { from: values.from }, errors)} /></Field>
      <Field label="To" name="to" error={errors.to}><input type="date" {...inputProps('to', { to: values.to }, errors)} /></Field>
      <button type="submit" class="button">Show</button>
    </form>
  );
}

export function TimelineTab({ accountNumber, entries, nextCursor, values, errors, timeZone }: TimelineTabProps) {
  const exportBase = `/api/v1/accounts/${encodeURIComponent(accountNumber)}/timeline`;
  const search = timelineSearch(values);
  return (
    <section class="panel" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <FilterForm accountNumber={accountNumber} values={values} errors={errors} />
      <p class="timeline-exports">
        Export: <a href={`${exportBase}.csv${search}`} download>CSV</a> · <a href={`${exportBase}.atom${search}`}>Atom feed</a>
      </p>
      {entries.length ? (
        <ol class="activity timeline" id="timeline-entries"><TimelineEntries entries={entries} timeZone={timeZone} /></ol>
      ) : <p class="muted">{Object.keys(errors).length ? 'No entries: the filter is not valid.' : 'Nothing matches.'}</p>}
      <TimelineMore accountNumber={accountNumber} entries={[]} nextCursor={nextCursor} values={values} timeZone={timeZone} />
    </section>
  );
}
