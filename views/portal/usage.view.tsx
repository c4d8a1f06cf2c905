/** The portal's usage page (/my/usage): the consumption chart, the reading form, and the readings. */
import type { Page } from '../../domain/common/paging.js';
import type { ConsumptionMonth, ReadingItem } from '../../domain/readings/profile-connections.js';
import { controlProps, Field, FormMessage } from '../common/form-field.js';
import { ConsumptionChart } from '../profile/consumption-chart.view.js';
import { enumLabel, formatDay, formatNumber } from '../profile/format.js';
import { Notice } from './portal-layout.js';
import { flagLabels } from './portal-format.js';
import { CsrfField, fieldProps, posting, type PortalForm } from './portal-form.js';

export interface UsageProps {
  months: ConsumptionMonth[]; unit: string; readings: Page<ReadingItem>; meters: string[]; today: string;
  form: PortalForm; csrfToken: string | null; notice?: string | null;
}

function ReadingForm({ meters, today, form, csrfToken }: Pick<UsageProps, 'meters' | 'today' | 'form' | 'csrfToken'>) {
  if (!meters.length) return <p class="muted">There is no meter on your account to read.</p>;
  const values: Record<string, string> = { readAt: today, ...form.values };
  const state = { ...form, values };
  return (
    <form id="reading-form" {...posting('/my/readings')}>
      <CsrfField token={csrfToken} />
      <FormMessage message={form.message} />
      {meters.length > 1 ? (
        <Field label="Meter" name="meterNumber" error={form.errors.meterNumber}>
          <select {...controlProps('meterNumber', form.errors)}>{meters.map((m) => <option value={m} selected={values.meterNumber === m}>{m}</option>)}</select>
        </Field>
      ) : <p class="muted">Meter {meters[0]}</p>}
      <Field label="Date you read it" name="readAt" error={form.errors.readAt}>
        <input {...fieldProps('readAt', state)} type="date" max={today} required />
      </Field>
      <Field label="Number on the meter" name="value" error={form.errors.value}>
        <input {...fieldProps('value', state)} inputmode="numeric" autocomplete="off" placeholder="12345" required />
      </Field>
      <button type="submit" class="primary">Submit reading</button>
    </form>
  );
}

export function UsagePage(props: UsageProps) {
  return (
    <>
      <Notice message={props.notice} />
      <h1>Your usage</h1>
      <section class="card" aria-labelledby="chart-heading">
        <h2 id="chart-heading">Monthly consumption</h2>
        <ConsumptionChart months={props.months} unit={props.unit} />
      </section>
      <section class="card" aria-labelledby="reading-heading">
        <h2 id="reading-heading">Submit a meter reading</h2>
        <ReadingForm {...props} />
      </section>
      <section class="card" aria-labelledby="readings-heading">
        <h2 id="readings-heading">Readings</h2>
        {props.readings.items.length ? (
          <ul class="items">
            {props.readings.items.map((r) => (
              <li class="item" data-reading={String(r.id)}>
                <div class="item-head"><strong>{formatNumber(r.value)}</strong><span>{formatDay(r.readAt)}</span></div>
                <div class="muted">
                  {r.consumption === null ? 'First reading' : `${formatNumber(r.consumption)} ${props.unit} used since the one before`} · {enumLabel(r.verificationStatus)}
                </div>
                {r.flags.length ? <div class="flagged">Being checked: {flagLabels(r.flags)}</div> : null}
              </li>
            ))}
          </ul>
        ) : <p class="muted">No readings yet.</p>}
      </section>
    </>
  );
}
