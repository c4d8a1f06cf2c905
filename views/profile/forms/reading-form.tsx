/** The form that records a meter reading on the Connections tab. */
import type { ReadingItem } from '../../../domain/readings/profile-connections.js';
import { Field, FormMessage, inputProps } from '../../common/form-field.js';
import { MeterChoice, type MeterFormProps } from './meter-choice.js';

/**
 * "Enter reading" on the Connections tab: one form, the meter picked when the account
 * has several. The checks of docs/rules.md#meters-and-readings run on save; flags show in the re-rendered tab.
 */
export function ReadingForm({ accountNumber, meters, today, values, errors = {}, message }: MeterFormProps) {
  if (!meters.length) return null;
  const v = values ?? { meterNumber: meters[0].meterNumber, readAt: today };
  return (
    <form id="reading-form" class="enter-reading grid-form" hx-post={`/accounts/${encodeURIComponent(accountNumber)}/readings`}
      hx-target="this" hx-swap="outerHTML" novalidate>
      <FormMessage message={message} />
      <MeterChoice name="meterNumber" label="Meter" meters={meters} selected={v.meterNumber} error={errors.meterNumber} />
      <Field label={meters.length === 1 ? `Reading date (${meters[0].meterNumber})` : 'Reading date'} name="readAt" error={errors.readAt}>
        <input {...inputProps('readAt', v, errors)} type="date" max={today} required />
      </Field>
      <Field label="Register value" name="value" error={errors.value}>
        <input {...inputProps('value', v, errors)} inputmode="numeric" placeholder="12345" required />
      </Field>
      <div class="wide"><button type="submit" class="primary">Enter reading</button></div>
    </form>
  );
}

/** Verify / reject a pending reading, and one click to an inspection order when it is flagged (a link once there is one). */
export function ReadingActions({ accountNumber, reading }: { accountNumber: string; reading: ReadingItem }) {
  const inspection = reading.inspectionOrder
    ? <a class="inspection-link" href={`/service-orders/${encodeURIComponent(reading.inspectionOrder)}`}>Inspection {reading.inspectionOrder}</a>
    : null;
  if (reading.verificationStatus !== 'pending') return inspection;
  const base = `/accounts/${encodeURIComponent(accountNumber)}/readings/${reading.id}`;
  const post = (action: string) => ({ 'hx-post': `${base}/${action}`, 'hx-target': '#profile-tabs', 'hx-swap': 'outerHTML' });
  return (
    <span class="reading-actions">
      <button type="button" {...post('verify')}>Verify</button>
      <button type="button" class="danger" {...post('reject')}>Reject</button>
      {inspection ?? (reading.flags.length ? <button type="button" class="inspection-order" {...post('inspection-order')}>Create inspection order</button> : null)}
    </span>
  );
}
