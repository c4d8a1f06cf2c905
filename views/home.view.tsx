import { Layout, type ShellUser } from './layout.js';

/** The landing page of the shell until the dashboard feature fills it. */
export function HomePage({ user, csrfToken }: { user: ShellUser; csrfToken: string | null }) {
  return (
    <Layout title="Dashboard" user={user} csrfToken={csrfToken} active="dashboard">
      <section class="panel">
        <h1>Welcome, {user.name}</h1>
        <p>You are signed in as <strong>{user.role}</strong>.</p>
      </section>
    </Layout>
  );
}
