/**
 * A request's path as the log may keep it. A password-reset link carries its credential in the path
 * (`/reset-password/{token}`), and a log line is no place for a credential (docs/security.md): the
 * token is masked, the rest of the path kept so the line still says what was asked.
 */
const SECRET_IN_PATH = /^(\/reset-password\/)[^/]+/;

export function loggedPath(path: string): string {
  return path.replace(SECRET_IN_PATH, '$1[token]');
}
