/** /reset-password/{token}: the page an admin's reset link opens (no sign-in), and the form that sets the new password once. */
import { Hono } from 'hono';
import { findUsableReset, resetPassword } from '../../domain/auth/password-reset.js';
import { scryptCost } from '../../domain/auth/password.js';
import { DomainError, Invalid } from '../../domain/common/errors.js';
import { ResetPasswordPage } from '../../views/auth/password-reset.view.js';
import type { AppEnv } from '../app-env.js';
import { formValues, parseForm } from '../common/forms.js';
import { PasswordResetForm } from './account.schemas.js';

/** A link's token is base64url; anything else cannot be one, and is answered like a spent link. */
const TOKEN = '{[A-Za-z0-9_-]{20,100}}';

export const passwordResetPageRoutes = new Hono<AppEnv>()
  .get(`/reset-password/:token${TOKEN}`, async (c) => {
    const token = c.req.param('token');
    try {
      const reset = await findUsableReset(c.get('em'), token);
      return c.html(<ResetPasswordPage token={token} email={reset.email} csrfToken={c.get('session')?.csrfToken} />);
    } catch (error) {
      if (!(error instanceof DomainError) || error.status !== 404) throw error;
      return c.html(<ResetPasswordPage token={token} spent={error.message} />, 404);
    }
  })
  .post(`/reset-password/:token${TOKEN}`, async (c) => {
    const token = c.req.param('token');
    try {
      const { newPassword } = parseForm(PasswordResetForm, await formValues(c));
      await resetPassword(c.get('em'), token, newPassword, scryptCost(c.get('deps').config.PASSWORD_SCRYPT_LOG2_N));
    } catch (error) {
      if (error instanceof Invalid) return c.html(<ResetPasswordPage token={token} csrfToken={c.get('session')?.csrfToken} errors={error.fields} message={error.message} />, 422);
      if (error instanceof DomainError && error.status === 404) return c.html(<ResetPasswordPage token={token} spent={error.message} />, 404);
      throw error;
    }
    return c.redirect('/login?reset=done', 303);
  });
