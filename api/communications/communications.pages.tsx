/**
 * The Communication tab's write (htmx): log a call, an email or an SMS. The form takes
 * the call length as "m:ss" or minutes and the time in the utility's zone; the domain
 * checks the rest (a call needs a duration, nothing else has one, not in the future).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { Invalid } from '../../domain/common/errors.js';
import { plainText } from '../../domain/common/plain-text.js';
import { parseCallDuration } from '../../domain/communications/call-duration.js';
import { instantOfInput } from '../../domain/common/date-input.js';
import { findAccountRecord } from '../../domain/accounts/account-record.js';
import { LOGGED_CHANNELS, logCommunication } from '../../domain/communications/communications.js';
import { CommunicationForm } from '../../views/profile/forms/communication-form.view.js';
import { formState } from '../../views/profile/forms/form-state.js';
import { actorOf } from '../common/actor.js';
import { dateField } from '../common/date-field.js';
import type { AppEnv } from '../app-env.js';
import { handleForm, parseForm } from '../common/forms.js';
import { requireRole } from '../middleware/require-role.js';
import { renderSavedTab } from '../accounts/account-writes-refresh.js';
import { CommunicationFields } from './records.schemas.js';

/** The form's own terms: an agent logs calls, emails and SMS, at a local time, with a call length as typed. */
const LoggedByAgent = CommunicationFields.extend({
  channel: z.enum(LOGGED_CHANNELS, { error: 'phone, email or SMS' }),
  occurredAt: dateField({ wallTime: true }).optional(),
  duration: plainText(40).optional(),
});

/** The typed time and duration as the domain takes them; 422 naming the form's own field. */
function readForm(values: Record<string, string>, timeZone: string) {
  const form = parseForm(LoggedByAgent, values);
  const occurredAt = form.occurredAt ? instantOfInput(form.occurredAt, timeZone, 'occurredAt') : null;
  const durationSeconds = form.duration ? parseCallDuration(form.duration) : null;
  if (form.duration && durationSeconds === null) throw new Invalid('Please correct the fields marked below.', { duration: 'like 4:05, or whole minutes' });
  return { ...form, occurredAt, durationSeconds };
}

/** The domain names the API's field (`durationSeconds`); the form's is `duration`. */
function asFormError(error: unknown): never {
  if (error instanceof Invalid && error.fields.durationSeconds) {
    const { durationSeconds, ...rest } = error.fields;
    throw new Invalid(error.message, { ...rest, duration: durationSeconds });
  }
  throw error;
}

export const communicationPageRoutes = new Hono<AppEnv>()
  .post('/accounts/:accountNumber/communications', requireRole('agent'), async (c) => {
    const record = await findAccountRecord(c.get('em'), c.req.param('accountNumber'));
    const timeZone = c.get('deps').config.UTILITY_TIME_ZONE;
    return handleForm(c,
      (values) => logCommunication(c.get('em'), record.accountNumber, readForm(values, timeZone), actorOf(c)).catch(asFormError),
      (values, errors, message) => c.html(<CommunicationForm accountNumber={record.accountNumber} state={formState(values, errors, message)} />),
      () => renderSavedTab(c, record.accountNumber, 'communication', 'Communication logged.'));
  });
