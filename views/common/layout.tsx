/** The page shell every page renders in: head, navigation and the flash area. */
import type { Child } from 'hono/jsx';
import type { Role } from '../../domain/common/enums.js';
import { csrfHxHeaders, PageHead } from './page-head.js';

/** What the shell shows about who is signed in, and the session's CSRF token its sign-out form sends. */
export interface ShellUser {
  name: string;
  email: string;
  role: Role;
  csrfToken?: string | null;
}

export interface LayoutProps {
  title: string;
  user?: ShellUser | null;
  csrfToken?: string | null;
  active?: string;
  children: Child;
}

const NAV: { href: string; label: string; key: string; roles?: Role[] }[] = [
  { href: '/', label: 'Dashboard', key: 'dashboard' },
  { href: '/accounts', label: 'Consumers', key: 'accounts' },
  { href: '/service-orders', label: 'Service orders', key: 'service-orders', roles: ['dispatcher', 'admin'] },
  { href: '/technicians', label: 'Technicians', key: 'technicians', roles: ['dispatcher', 'admin'] },
  { href: '/admin/notifications', label: 'Notifications', key: 'notifications', roles: ['admin'] },
  { href: '/admin/audit', label: 'Audit log', key: 'audit', roles: ['admin'] },
  { href: '/admin/users', label: 'Users', key: 'users', roles: ['admin'] },
  { href: '/admin/settings', label: 'Settings', key: 'settings', roles: ['admin'] },
];

/** A consumer sees only the portal: none of the staff pages would let them in. */
const PORTAL_NAV: typeof NAV = [{ href: '/my', label: 'My account', key: 'my' }];

function Navigation({ user, active, csrfToken }: { user: ShellUser; active?: string; csrfToken?: string | null }) {
  const consumer = user.role === 'consumer';
  const links = consumer ? PORTAL_NAV : NAV.filter((item) => !item.roles || item.roles.includes(user.role));
  return (
    <nav class="topnav" aria-label="Main">
      <a class="brand" href={consumer ? '/my' : '/'}>Cistern</a>
      <ul>
        {links.map((item) => (
          <li><a href={item.href} aria-current={item.key === active ? 'page' : undefined}>{item.label}</a></li>
        ))}
      </ul>
      <div class="whoami">
        {consumer ? <span class="user-name">{user.name}</span> : <a class="user-name" href="/settings/account" title="Your password and API tokens">{user.name}</a>}{' '}
        <span class="role-badge">{user.role}</span>
        <form method="post" action="/logout" class="inline">
          {csrfToken ? <input type="hidden" name="_csrf" value={csrfToken} /> : null}
          <button type="submit" class="link-button">Sign out</button>
        </form>
      </div>
    </nav>
  );
}

/** The page shell: navigation, the signed-in user, the flash area, htmx served by the app itself. */
export function Layout({ title, user, csrfToken: pageToken, active, children }: LayoutProps) {
  // Every signed-in page has the token, even one (an error page) that was not handed it.
  const csrfToken = pageToken ?? user?.csrfToken ?? null;
  return (
    <html lang="en">
      <PageHead title={`${title} · Cistern`} stylesheet="app.css" csrfToken={csrfToken} />
      <body hx-headers={csrfHxHeaders(csrfToken)}>
        {/* The first stop of the Tab key: past the navigation to the page's content (WCAG 2.4.1). */}
        {user ? <a class="skip-link" href="#main">Skip to main content</a> : null}
        {user ? <Navigation user={user} active={active} csrfToken={csrfToken} /> : null}
        <div id="flash" role="status" aria-live="polite"></div>
        <main id="main" tabindex={-1}>{children}</main>
      </body>
    </html>
  );
}
