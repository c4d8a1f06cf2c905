/**
 * Refuses URLs no route can answer sensibly, before any route sees them: a path with control
 * characters, lone surrogates or broken percent-escapes names nothing (404); a query parameter
 * carrying control characters is refused (422) with the parameter named.
 */
import { createMiddleware } from 'hono/factory';
import { Invalid, NotFound } from '../../domain/common/errors.js';
import { CONTROL_CHARACTER_MESSAGE } from '../../domain/common/plain-text.js';
import { isPlainText } from '../../domain/common/text-checks.js';
import type { AppEnv } from '../app-env.js';

function decodedPath(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** A parameter name as it can be shown back: controls as `?`, at most 40 characters. */
function shown(name: string): string {
  return [...name].map((ch) => (isPlainText(ch) ? ch : '?')).join('').slice(0, 40) || '(empty)';
}

/** A URL of printable ASCII without percent-escapes cannot hold a control character or a broken escape. */
const PLAIN_URL = /^[\x21-\x24\x26-\x7e]*$/;

export const urlHygiene = createMiddleware<AppEnv>(async (c, next) => {
  if (PLAIN_URL.test(c.req.url)) return next();
  const url = new URL(c.req.url);
  const path = decodedPath(url.pathname);
  if (path === null || !isPlainText(path)) throw new NotFound('The page');
  const bad = [...url.searchParams].filter(([name, value]) => !isPlainText(name) || !isPlainText(value)).map(([name]) => shown(name));
  if (bad.length) throw new Invalid(`Invalid query: ${bad.join(', ')}`, Object.fromEntries(bad.map((name) => [name, CONTROL_CHARACTER_MESSAGE])));
  await next();
});
