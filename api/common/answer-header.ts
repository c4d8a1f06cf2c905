/**
 * Sets a header on an answer that a handler has already made, from a middleware after `await next()`.
 *
 * Hono's `c.header()` on a finished answer asks it whether its body was used; with @hono/node-server
 * that turns the server's lightweight answer (a string body it writes in one go) into a web `Response`
 * and copies it into another, so the server then reads the body back through a stream. Under the load
 * bench that was 6–10 % of a profile page's CPU (`--cpu-prof`: undici's `Response`, `extractBody`,
 * `responseViaResponseObject`). Setting the header on the answer's own headers keeps the fast path.
 * Answers whose headers are read-only (a `fetch` answer passed through, `Response.redirect`) throw on
 * that; for those the copy through `c.header()` is the only way, and it is kept.
 */
import type { Context } from 'hono';

export function setAnswerHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    c.header(name, value);
  }
}
