/** The page a password-reset link opens: choose a new password, or learn that the link is spent. */
import { controlProps, Field, FormMessage } from '../common/form-field.js';
import { Layout } from '../common/layout.js';

export interface ResetPageProps { token: string; csrfToken?: string | null; email?: string; errors?: Record<string, string>; message?: string; spent?: string }

function PasswordInput({ name, label, errors }: { name: string; label: string; errors: Record<string, string> }) {
  return (
    <Field label={label} name={name} error={errors[name]}>
      <input {...controlProps(name, errors)} type="password" autocomplete="new-password" required />
    </Field>
  );
}

export function ResetPasswordPage({ token, csrfToken, email, errors = {}, message, spent }: ResetPageProps) {
  return (
    <Layout title="Set a new password">
      <section class="login-card">
        <h1>Set a new password</h1>
        {spent ? <div class="alert alert-error" role="alert">{spent}</div> : (
          <form method="post" action={`/reset-password/${encodeURIComponent(token)}`}>
            {csrfToken ? <input type="hidden" name="_csrf" value={csrfToken} /> : null}
            <FormMessage message={message} />
            {email ? <p class="muted">For {email}. Setting it signs you out everywhere.</p> : null}
            <PasswordInput name="newPassword" label="New password (12 to 128 characters)" errors={errors} />
            <PasswordInput name="confirmPassword" label="The new password again" errors={errors} />
            <button type="submit" class="primary">Set password</button>
          </form>
        )}
        <p><a href="/login">Back to sign-in</a></p>
      </section>
    </Layout>
  );
}
