/** The portal's signed-out pages: ask for access (/my/register) and confirm it from the e-mailed link (/my/confirm). */
import { Field, FormMessage, inputProps } from '../common/form-field.js';
import { Layout } from '../common/layout.js';

export interface RegisterPageProps {
  csrfToken?: string | null;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  message?: string;
  /** Set once the request was taken: the one answer, whatever the details were. */
  accepted?: string;
}

function CsrfField({ token }: { token?: string | null }) {
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}

/** A plain form, one field under the other, for a phone first; the errors sit next to their fields. */
export function RegisterPage({ csrfToken, values = {}, errors = {}, message, accepted }: RegisterPageProps) {
  return (
    <Layout title="Register for the portal">
      <section class="login-card portal-card">
        <h1>Your account online</h1>
        {accepted ? (
          <div class="alert alert-info" role="status">{accepted}</div>
        ) : (
          <form method="post" action="/my/register" novalidate>
            <CsrfField token={csrfToken} />
            <p class="muted">Have your latest bill at hand: we check its account number, your last name and its amount.</p>
            <FormMessage message={message} />
            <Field label="Account number (on your bill)" name="accountNumber" error={errors.accountNumber}>
              <input {...inputProps('accountNumber', values, errors)} inputmode="text" autocapitalize="characters" autocomplete="off" placeholder="WU-10001" required />
            </Field>
            <Field label="Last name on the account" name="lastName" error={errors.lastName}>
              <input {...inputProps('lastName', values, errors)} autocomplete="family-name" required />
            </Field>
            <Field label="Amount of your latest bill" name="latestBillAmount" error={errors.latestBillAmount}>
              <input {...inputProps('latestBillAmount', values, errors)} inputmode="decimal" placeholder="42.50" required />
            </Field>
            <Field label="Your e-mail (you will sign in with it)" name="email" error={errors.email}>
              <input {...inputProps('email', values, errors)} type="email" autocomplete="email" required />
            </Field>
            <Field label="Choose a password (at least 12 characters)" name="password" error={errors.password}>
              <input {...inputProps('password', {}, errors)} type="password" autocomplete="new-password" minlength={12} required />
            </Field>
            <button type="submit" class="primary">Send me the confirmation link</button>
          </form>
        )}
        <p><a href="/login?next=/my">Already registered? Sign in</a></p>
      </section>
    </Layout>
  );
}

export interface ConfirmPageProps {
  token: string;
  csrfToken?: string | null;
  /** Who the link is for, while it is usable. */
  email?: string;
  accountNumber?: string;
  /** Why it cannot be used (spent, expired, taken). */
  problem?: string;
  /** Set once confirmed. */
  confirmed?: boolean;
}

/**
 * The page the link opens. Opening it changes nothing (mail scanners open links too): the button
 * posts the token, and only that spends the link.
 */
export function ConfirmPage({ token, csrfToken, email, accountNumber, problem, confirmed }: ConfirmPageProps) {
  return (
    <Layout title="Confirm portal access">
      <section class="login-card portal-card">
        <h1>Confirm portal access</h1>
        {confirmed ? (
          <>
            <div class="alert alert-info" role="status">Your portal access is ready.</div>
            <p><a class="button primary" href="/login?next=/my">Sign in</a></p>
          </>
        ) : problem ? (
          <>
            <div class="alert alert-error" role="alert">{problem}</div>
            <p><a href="/my/register">Register again</a></p>
          </>
        ) : (
          <form method="post" action="/my/confirm">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="token" value={token} />
            <p>Access to account <strong>{accountNumber}</strong>, signing in as <strong>{email}</strong>.</p>
            <button type="submit" class="primary">Confirm</button>
          </form>
        )}
      </section>
    </Layout>
  );
}
