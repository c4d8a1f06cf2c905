/** The form that logs a communication with the customer. */
import { DIRECTIONS } from '../../../domain/common/enums.js';
import { LOGGED_CHANNELS } from '../../../domain/communications/communications.js';
import { Field, FormMessage } from '../../common/form-field.js';
import { EnumOptions } from './enum-options.js';
import { accountPath, EMPTY_FORM, scoped, type FormState } from './form-state.js';

export const COMMUNICATION_FORM = 'communication-new';

const CHANNEL_LABELS: Record<string, string> = { phone: 'Phone call', email: 'Email', sms: 'SMS' };

/**
 * Log a call, an email or an SMS. The duration is typed as "4:05" or whole minutes
 * (domain/communications/call-duration.ts); the time is the utility's local time, empty for now.
 */
export function CommunicationForm({ accountNumber, state = EMPTY_FORM }: { accountNumber: string; state?: FormState }) {
  const f = (field: string) => scoped(COMMUNICATION_FORM, field, state);
  const [channel, direction, occurredAt, duration, subject, body] =
    ['channel', 'direction', 'occurredAt', 'duration', 'subject', 'body'].map(f);
  return (
    <form id={COMMUNICATION_FORM} class="record-form grid-form" hx-post={`${accountPath(accountNumber)}/communications`}
      hx-target="this" hx-swap="outerHTML">
      <div class="wide"><FormMessage message={state.message} /></div>
      <Field label="Channel" name={channel.fieldName} error={channel.error}>
        <select {...channel.props} required>
          {LOGGED_CHANNELS.map((c) => <option value={c} selected={(channel.value || 'phone') === c}>{CHANNEL_LABELS[c]}</option>)}
        </select>
      </Field>
      <Field label="Direction" name={direction.fieldName} error={direction.error}>
        <select {...direction.props} required>
          <EnumOptions values={DIRECTIONS} selected={direction.value || 'from_customer'} />
        </select>
      </Field>
      <Field label="When (empty for now)" name={occurredAt.fieldName} error={occurredAt.error}>
        <input type="datetime-local" {...occurredAt.props} value={occurredAt.value} />
      </Field>
      <Field label="Call duration (m:ss or minutes; calls only)" name={duration.fieldName} error={duration.error}>
        <input type="text" inputmode="numeric" placeholder="4:05" {...duration.props} value={duration.value} />
      </Field>
      <div class="wide">
        <Field label="Subject (optional)" name={subject.fieldName} error={subject.error}>
          <input type="text" maxlength={255} {...subject.props} value={subject.value} />
        </Field>
      </div>
      <div class="wide">
        <Field label="Notes / message" name={body.fieldName} error={body.error}>
          <textarea {...body.props} rows={3} maxlength={10000} required>{body.value}</textarea>
        </Field>
      </div>
      <div class="wide"><button type="submit" class="primary">Log communication</button></div>
    </form>
  );
}
