/**
 * The browser side of accounts: the "New account" page and the Overview tab's "Edit
 * contact" form (htmx). A stale edit answers 409 with the form, their values and yours.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { INT4_MAX } from '../../domain/common/row-id.js';
import { createAccount, StaleAccount, updateContact, type ContactChanges } from '../../domain/accounts/account-writes.js';
import { ContactForm } from '../../views/profile/forms/contact-form.js';
import { NewAccountForm, NewAccountPage } from '../../views/profile/forms/account-form.js';
import { accountNumberOf } from '../common/account-param.js';
import { actorOf } from '../common/actor.js';
import { dayOf } from '../common/date-field.js';
import type { AppEnv } from '../app-env.js';
import { formValues, handleForm, parseForm, type FormValues } from '../common/forms.js';
import { requireRole } from '../middleware/require-role.js';
import { shellUser } from '../common/shell.js';
import { ContactChangesBody, NewAccountBody } from './account-writes.schemas.js';
import { renderSavedTab } from './account-writes-refresh.js';

const checkbox = z.literal('true').optional().transform((v) => v === 'true');

/** The JSON command's schema; only the checkbox arrives as the form's 'true' instead of a boolean. */
const NewAccountForm$ = NewAccountBody.extend({ notificationsOptOut: checkbox });

/**
 * The JSON command's schema, as the edit form posts it: the whole form is sent, so the
 * fields a contact cannot be without are required (with their own messages), the version
 * arrives as text, and keys the form adds are dropped rather than refused.
 */
const contact = ContactChangesBody.shape;
const ContactForm$ = ContactChangesBody.extend({
  version: z.coerce.number().int().min(1).max(INT4_MAX),
  firstName: contact.firstName.unwrap(), lastName: contact.lastName.unwrap(), serviceAddress: contact.serviceAddress.unwrap(),
  preferredChannel: contact.preferredChannel.unwrap(), notificationsOptOut: checkbox,
}).strip();

/** A blank optional field in the edit form clears it: absent after parsing means null here. */
function contactChanges(values: FormValues): ContactChanges {
  const parsed = parseForm(ContactForm$, values);
  return { ...parsed, email: parsed.email ?? null, phone: parsed.phone ?? null, city: parsed.city ?? null, postalCode: parsed.postalCode ?? null };
}

async function saveContact(c: Context<AppEnv>) {
  const accountNumber = accountNumberOf(c);
  try {
    return await handleForm(c,
      (values) => updateContact(c.get('em'), accountNumber, contactChanges(values), actorOf(c)),
      (values, errors, message) => c.html(<ContactForm accountNumber={accountNumber} values={values} errors={errors} message={message} open />),
      () => renderSavedTab(c, accountNumber, 'overview', 'Contact saved.'));
  } catch (error) {
    if (!(error instanceof StaleAccount)) throw error;
    // Their save stands; the form keeps the agent's values, now based on the current version.
    const values = { ...(await formValues(c)), version: String(error.currentVersion) };
    c.status(409);
    return c.html(<ContactForm accountNumber={accountNumber} values={values} conflict={error.current} message={error.message} open />);
  }
}

export const accountWritePageRoutes = new Hono<AppEnv>()
  .get('/accounts/new', requireRole('agent'), (c) => c.html(<NewAccountPage user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} />))
  .post('/accounts', requireRole('agent'), (c) => handleForm(c,
    (values) => {
      const { customerSince, ...input } = parseForm(NewAccountForm$, values);
      return createAccount(c.get('em'), { ...input, customerSince: customerSince && dayOf(c, customerSince) }, actorOf(c), c.get('deps').config.UTILITY_TIME_ZONE);
    },
    (values, errors, message) => c.html(<NewAccountForm values={values} errors={errors} message={message} />),
    (accountNumber) => {
      // A new record: open its profile. htmx gets a 204 with HX-Redirect (a 303 would be followed
      // by the browser's XHR itself, which hides the header and swaps the whole profile page into
      // the form); a plain form post gets the 303.
      if (c.req.header('hx-request') === 'true') {
        c.header('HX-Redirect', `/accounts/${accountNumber}`);
        return c.body(null, 204);
      }
      return c.redirect(`/accounts/${accountNumber}`, 303);
    }))
  .post('/accounts/:accountNumber/contact', requireRole('agent'), saveContact);
