/** The meter a Connections-tab form acts on: fixed when the account has one, picked from a list when it has several. */
import type { MeterItem } from '../../../domain/readings/profile-connections.js';
import { errorLink, Field } from '../../common/form-field.js';

/** The meters serving the account now: a removed meter takes no new reading and cannot be exchanged. */
export function metersInService<M extends Pick<MeterItem, 'unassignedAt'>>(meters: M[]): M[] {
  return meters.filter((meter) => !meter.unassignedAt);
}

/** What a form on the account's meters is drawn from: the meters in service, today, and a refused try's values and errors. */
export interface MeterFormProps {
  accountNumber: string;
  /** The meters serving the account now (metersInService). */
  meters: Pick<MeterItem, 'meterNumber'>[];
  /** Today in the utility's zone (YYYY-MM-DD): the date fields' default and latest day. */
  today: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  message?: string;
}

export interface MeterChoiceProps {
  /** The form field's name (`meterNumber`, `oldMeterNumber`). */
  name: string;
  /** The list's label when there are several meters. */
  label: string;
  meters: Pick<MeterItem, 'meterNumber'>[];
  selected?: string;
  error?: string;
}

/**
 * One meter: a hidden field (the form's labels name the meter). Several: a list with the chosen one selected,
 * its error next to it and tied to it for screen readers, as every other field's.
 */
export function MeterChoice({ name, label, meters, selected, error }: MeterChoiceProps) {
  if (meters.length === 1) return <input type="hidden" name={name} value={meters[0].meterNumber} />;
  return (
    <Field label={label} name={name} error={error}>
      <select id={`f-${name}`} name={name} {...errorLink(name, error)}>
        {meters.map((m) => <option value={m.meterNumber} selected={selected === m.meterNumber}>{m.meterNumber}</option>)}
      </select>
    </Field>
  );
}
