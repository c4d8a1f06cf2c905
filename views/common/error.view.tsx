/** Error answers: a fragment for htmx, or a whole page. */
import { Layout, type ShellUser } from './layout.js';

/** An error as a fragment for htmx (swapped into #flash) or inside a full page. */
export function ErrorFragment({ message, fields }: { message: string; fields?: Record<string, string> }) {
  const entries = Object.entries(fields ?? {});
  return (
    <div class="alert alert-error" role="alert">
      <strong>{message}</strong>
      {entries.length ? (
        <ul>{entries.map(([field, text]) => <li><code>{field}</code>: {text}</li>)}</ul>
      ) : null}
    </div>
  );
}

export function ErrorPage({ status, message, user }: { status: number; message: string; user?: ShellUser | null }) {
  return (
    <Layout title={`Error ${status}`} user={user}>
      <section class="panel">
        <h1>{status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Something went wrong'}</h1>
        <ErrorFragment message={message} />
        {user?.role === 'consumer' ? <p><a href="/my">Back to your account</a></p> : <p><a href="/">Back to the dashboard</a></p>}
      </section>
    </Layout>
  );
}
