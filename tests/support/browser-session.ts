/**
 * A signed-in browser as plain fetch calls: posts the login form, keeps the session
 * cookie, and reads the CSRF token the shell puts in its <meta> tag.
 */
export interface SignedIn {
  cookie: string;
  csrfToken: string;
  setCookieHeader: string;
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<SignedIn> {
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
    body: new URLSearchParams({ email, password, next: '/' }),
  });
  const setCookieHeader = response.headers.get('set-cookie') ?? '';
  if (response.status !== 303 || !setCookieHeader) throw new Error(`sign-in failed: ${response.status}`);
  const cookie = setCookieHeader.split(';')[0];
  const home = await fetch(`${baseUrl}/`, { headers: { cookie } });
  const html = await home.text();
  const csrfToken = html.match(/<meta name="csrf-token" content="([^"]+)"/)?.[1] ?? '';
  return { cookie, csrfToken, setCookieHeader };
}

export async function apiToken(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 201) throw new Error(`token request failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** What htmx sends from a signed-in page: the session cookie, the CSRF token, our origin; a form when given. */
export function htmxRequest(
  baseUrl: string, session: SignedIn, path: string,
  form?: Record<string, string> | URLSearchParams | FormData, headers: Record<string, string> = {},
) {
  const encoded = form && !(form instanceof FormData);
  return fetch(`${baseUrl}${path}`, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: {
      cookie: session.cookie, 'hx-request': 'true', origin: baseUrl, 'x-csrf-token': session.csrfToken,
      ...(encoded ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...headers,
    },
    body: encoded ? new URLSearchParams(form as Record<string, string>) : (form as FormData | undefined),
  });
}
