/** The form that records a meter exchange on the Connections tab (docs/rules.md#meter-exchange). */
import { Field, FormMessage, inputProps } from '../../common/form-field.js';
import { MeterChoice, type MeterFormProps } from './meter-choice.js';

/**
 * "Exchange meter": the old meter's final reading, the new meter with its initial reading, and
 * the day both were read. Refused values come back inline, next to their field, with nothing saved.
 */
export function MeterExchangeForm({ accountNumber, meters, today, values, errors = {}, message }: MeterFormProps) {
  if (!meters.length) return null;
  const v = values ?? { oldMeterNumber: meters[0].meterNumber, exchangedOn: today };
  return (
    <details class="meter-exchange" open={Boolean(message) || undefined}>
      <summary>Exchange meter</summary>
      <form id="meter-exchange-form" class="grid-form" hx-post={`/accounts/${encodeURIComponent(accountNumber)}/meter-exchange`}
        hx-target="closest details" hx-swap="outerHTML" novalidate>
        <FormMessage message={message} />
        <MeterChoice name="oldMeterNumber" label="Meter to replace" meters={meters} selected={v.oldMeterNumber} error={errors.oldMeterNumber} />
        <Field label={meters.length === 1 ? `Final reading of ${meters[0].meterNumber}` : 'Old meter final reading'} name="oldMeterFinalReading"
          error={errors.oldMeterFinalReading ?? (meters.length === 1 ? errors.oldMeterNumber : undefined)}>
          <input {...inputProps('oldMeterFinalReading', v, errors)} inputmode="numeric" required />
        </Field>
        <Field label="New meter number" name="newMeterNumber" error={errors.newMeterNumber}>
          <input {...inputProps('newMeterNumber', v, errors)} placeholder="M-1234" required />
        </Field>
        <Field label="New meter initial reading" name="newMeterInitialReading" error={errors.newMeterInitialReading}>
          <input {...inputProps('newMeterInitialReading', v, errors)} inputmode="numeric" placeholder="0" required />
        </Field>
        <Field label="Exchange date" name="exchangedOn" error={errors.exchangedOn}>
          <input {...inputProps('exchangedOn', v, errors)} type="date" max={today} required />
        </Field>
        <div class="wide"><button type="submit" class="primary">Record exchange</button></div>
      </form>
    </details>
  );
}
