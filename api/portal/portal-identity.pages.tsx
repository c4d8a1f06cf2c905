/**
 * The portal's signed-out pages (docs/rules.md#consumer-portal-identity): /my/register posts the same
 * request as the JSON API, and /my/confirm shows a button that posts the link's token, so a mail
 * scanner that opens the link does not spend it. CSRF: the app's middleware checks these posts' origin
 * (and the session's token when a session is present).
 */
import { Hono, type Context } from 'hono';
import { findUsableRegistration } from '../../domain/portal/portal-confirmation.js';
import { DomainError, Invalid } from '../../domain/common/errors.js';
import { ConfirmPage, RegisterPage } from '../../views/portal/registration.view.js';
import type { AppEnv } from '../app-env.js';
import { formValues, parseForm } from '../common/forms.js';
import { confirmationToken, REGISTRATION_ANSWER, RegistrationForm } from './portal-identity.schemas.js';
import { submitConfirmation, submitRegistration } from './registration-requests.js';

const csrfOf = (c: Context<AppEnv>) => c.get('session')?.csrfToken ?? null;

/** A token that cannot be one is answered like a spent link. */
function tokenFrom(value: unknown): string | null {
  return confirmationToken.safeParse(value).success ? (value as string) : null;
}

const UNUSABLE = 'This confirmation link has expired or was already used; register again to get a new one.';

export const portalIdentityPageRoutes = new Hono<AppEnv>()
  .get('/my/register', (c) => c.html(<RegisterPage csrfToken={csrfOf(c)} />))
  .post('/my/register', async (c) => {
    const values = await formValues(c);
    try {
      const form = parseForm(RegistrationForm, values);
      await submitRegistration(c, { ...form, latestBillAmountCents: form.latestBillAmount });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return c.html(<RegisterPage csrfToken={csrfOf(c)} values={values} errors={error.fields} message={error.message} />, 422);
    }
    return c.html(<RegisterPage accepted={REGISTRATION_ANSWER} />, 202);
  })
  .get('/my/confirm', async (c) => {
    const token = tokenFrom(c.req.query('token'));
    if (!token) return c.html(<ConfirmPage token="" problem={UNUSABLE} />, 404);
    try {
      const found = await findUsableRegistration(c.get('em'), token);
      return c.html(<ConfirmPage token={token} csrfToken={csrfOf(c)} email={found.email} accountNumber={found.accountNumber} />);
    } catch (error) {
      if (!(error instanceof DomainError) || error.status !== 404) throw error;
      return c.html(<ConfirmPage token={token} problem={error.message} />, 404);
    }
  })
  .post('/my/confirm', async (c) => {
    const token = tokenFrom((await formValues(c)).token);
    if (!token) return c.html(<ConfirmPage token="" problem={UNUSABLE} />, 404);
    try {
      await submitConfirmation(c, token);
      return c.html(<ConfirmPage token={token} confirmed />);
    } catch (error) {
      if (!(error instanceof DomainError) || (error.status !== 404 && error.status !== 409)) throw error;
      return c.html(<ConfirmPage token={token} problem={error.message} />, error.status);
    }
  });
