/** The signed-in person's own settings: change the password, see and revoke their API tokens. */
import { controlProps, Field, FormMessage } from '../common/form-field.js';
import { Layout, type ShellUser } from '../common/layout.js';
import { TokenTable, type TokenTableProps } from './api-tokens.view.js';

export interface PasswordFormProps { errors?: Record<string, string>; message?: string; done?: boolean }

function PasswordInput({ name, label, autocomplete, errors }: { name: string; label: string; autocomplete: string; errors: Record<string, string> }) {
  return (
    <Field label={label} name={name} error={errors[name]}>
      <input {...controlProps(name, errors)} type="password" autocomplete={autocomplete} required />
    </Field>
  );
}

/** Passwords are never sent back into the form, even when it is refused. */
export function PasswordForm({ errors = {}, message, done }: PasswordFormProps) {
  return (
    <form id="password-form" class="grid-form panel" hx-post="/settings/account/password" hx-target="#password-form" hx-swap="outerHTML" novalidate>
      <FormMessage message={message} />
      {done ? <div class="alert alert-info wide" role="status">Password changed. Your other sessions and API tokens have ended.</div> : null}
      <PasswordInput name="currentPassword" label="Current password" autocomplete="current-password" errors={errors} />
      <PasswordInput name="newPassword" label="New password (12 to 128 characters)" autocomplete="new-password" errors={errors} />
      <div class="wide"><button type="submit" class="primary">Change password</button></div>
    </form>
  );
}

export interface AccountPageProps { user: ShellUser; csrfToken: string | null; tokens: TokenTableProps }

export function AccountPage({ user, csrfToken, tokens }: AccountPageProps) {
  return (
    <Layout title="Your sign-in" user={user} csrfToken={csrfToken} active="account">
      <h1>Your sign-in</h1>
      <h2>Password</h2>
      <PasswordForm />
      <h2>API tokens</h2>
      <p class="muted">Tokens from <code>POST /api/v1/auth/token</code> that still work. Revoke one you no longer use or may have lost.</p>
      <TokenTable {...tokens} />
    </Layout>
  );
}
