/**
 * Who is calling, as every request learns it: the few columns of the signed-in user the routes
 * read (never the password hash), and of the browser session the CSRF check and sign-out need.
 * Plain records, read by one query per request (sign-in.ts), not ORM entities.
 */
import type { Role } from '../common/enums.js';

/** The signed-in user of a request. */
export interface Caller {
  id: number;
  email: string;
  name: string;
  role: Role;
}

/** The browser session of a request signed in by cookie. */
export interface CallerSession {
  /** The SHA-256 of the cookie's token, the row's key. */
  id: string;
  csrfToken: string;
}
