/** The nightly run's schedule on the settings page, with its next five starts in the utility's time zone. */
import { Field, FormMessage, inputProps } from '../common/form-field.js';

/** The next starts of the typed schedule, or why it cannot run. */
export type ScheduleRuns = { runs: string[]; timeZone: string } | { problem: string };

export function ScheduleRunsList({ runs }: { runs: ScheduleRuns }) {
  if ('problem' in runs) return <p class="muted" id="schedule-runs-problem">{runs.problem}</p>;
  return (
    <>
      <p class="muted">Next runs ({runs.timeZone}):</p>
      <ol class="schedule-runs">{runs.runs.map((run) => <li>{run}</li>)}</ol>
    </>
  );
}

export interface ScheduleFormProps { cron: string; runs: ScheduleRuns; error?: string; message?: string; saved?: boolean; notice?: string }

/** Typing a schedule lists its next runs after a 300 ms pause; saving stores it and reschedules the job at once. */
export function ScheduleSettingsForm({ cron, runs, error, message, saved, notice }: ScheduleFormProps) {
  const errors: Record<string, string> = error ? { cron: error } : {};
  return (
    <form id="schedule-settings" class="grid-form panel" hx-post="/admin/settings/schedule" hx-target="this" hx-swap="outerHTML" novalidate>
      <h2 class="wide">Nightly metrics schedule</h2>
      <FormMessage message={message} />
      {saved ? <p class="alert alert-info" role="status">Saved. The nightly run is rescheduled.{notice ? ` ${notice}` : ''}</p> : null}
      <Field label="Runs at (a time such as 02:00, or a cron pattern such as 0 2 * * *)" name="cron" error={error}>
        <input {...inputProps('cron', { cron }, errors)} required autocomplete="off"
          hx-post="/admin/settings/schedule/runs" hx-trigger="input delay:300ms" hx-target="#schedule-runs" hx-swap="innerHTML" hx-sync="this:replace" />
      </Field>
      <div id="schedule-runs" class="wide" aria-live="polite"><ScheduleRunsList runs={runs} /></div>
      <div class="wide"><button type="submit" class="primary">Save schedule</button></div>
    </form>
  );
}
