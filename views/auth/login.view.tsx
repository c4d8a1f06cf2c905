/** The sign-in page. */
import { Layout } from '../common/layout.js';

export interface LoginViewProps {
  email?: string;
  error?: string;
  next?: string;
  notice?: string;
}

/** The sign-in form; the only page a visitor sees without a session. */
export function LoginPage({ email, error, next, notice }: LoginViewProps) {
  return (
    <Layout title="Sign in">
      <section class="login-card">
        <h1>Cistern</h1>
        <p class="muted">Consumer management back office</p>
        {notice ? <div class="alert alert-info" role="status">{notice}</div> : null}
        {error ? <div class="alert alert-error" role="alert">{error}</div> : null}
        <form method="post" action="/login">
          <input type="hidden" name="next" value={next ?? '/'} />
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={email ?? ''} autofocus />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit" class="primary">Sign in</button>
        </form>
      </section>
    </Layout>
  );
}
