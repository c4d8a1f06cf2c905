/** The sign-in page, the form post that starts a session, and sign-out. */
import { Hono, type Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { authenticate as checkPassword, endSession, startSession } from '../../domain/auth/sign-in.js';
import { DomainError } from '../../domain/common/errors.js';
import { isPlainText } from '../../domain/common/text-checks.js';
import { LoginPage } from '../../views/auth/login.view.js';
import type { AppEnv } from '../app-env.js';
import { cameOverHttps, clientAddress, signInPolicy } from '../common/client-address.js';
import { SESSION_COOKIE } from '../middleware/authenticate.js';
import { homeFor, landingFor } from './landing.js';

/** Only same-site paths may be a post-login destination, so /login can't be an open redirect. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(next) ? next : '/';
}

function secureCookie(c: Context<AppEnv>): boolean {
  const setting = c.get('deps').config.COOKIE_SECURE;
  if (setting !== 'auto') return setting === 'true';
  return cameOverHttps(c);
}

/** The sign-in page, the form post that starts a session, and sign-out. */
export const authPageRoutes = new Hono<AppEnv>()
  .get('/login', (c) => {
    const user = c.get('user');
    if (user) return c.redirect(homeFor(user.role), 303);
    const notice = c.req.query('reset') === 'done' ? 'Your new password is set. Sign in with it.' : undefined;
    return c.html(<LoginPage next={safeNext(c.req.query('next'))} notice={notice} />);
  })
  .post('/login', async (c) => {
    const form = await c.req.parseBody();
    // An email with control characters matches no user; it must not reach the throttle's table either.
    const email = typeof form.email === 'string' && isPlainText(form.email) ? form.email : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const next = safeNext(form.next);
    const { config } = c.get('deps');
    const em = c.get('em');
    try {
      if (!email || !password) throw new DomainError(422, 'invalid', 'Enter your email and password.');
      const user = await checkPassword(em, email, password, clientAddress(c), signInPolicy(config));
      const session = await startSession(em, user, config.SESSION_TTL_HOURS, {
        ipAddress: clientAddress(c), userAgent: c.req.header('user-agent'),
      });
      await setSignedCookie(c, SESSION_COOKIE, session.token, config.SESSION_SECRET, {
        httpOnly: true, sameSite: 'Lax', secure: secureCookie(c), path: '/',
        maxAge: Math.floor(config.SESSION_TTL_HOURS * 3600),
      });
      return c.redirect(landingFor(user.role, next), 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.status === 429) c.header('Retry-After', String(error.details?.retryAfterSeconds ?? 60));
      return c.html(<LoginPage email={email} error={error.message} next={next} />, error.status === 429 ? 429 : 401);
    }
  })
  .post('/logout', async (c) => {
    const token = await getSignedCookie(c, c.get('deps').config.SESSION_SECRET, SESSION_COOKIE);
    if (token) await endSession(c.get('em'), token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });
