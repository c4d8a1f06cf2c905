/**
 * The consumer portal's page shell (/my): a light, phone-first layout of its own (portal.css, no
 * back-office navigation), htmx served by the app as on the staff pages, and the flash area where
 * a refused action is explained.
 */
import type { Child } from 'hono/jsx';
import { csrfHxHeaders, PageHead } from '../common/page-head.js';

export interface PortalShell { name: string; accountNumber: string; csrfToken: string | null }

/** The portal's sections, in the order the menu lists them. */
export const PORTAL_SECTIONS = [
  { key: 'home', href: '/my', label: 'Home' },
  { key: 'bills', href: '/my/bills', label: 'Bills' },
  { key: 'usage', href: '/my/usage', label: 'Usage' },
  { key: 'service', href: '/my/service-orders', label: 'Service' },
  { key: 'problems', href: '/my/problems', label: 'Report a problem' },
  { key: 'notifications', href: '/my/notifications', label: 'Messages' },
  { key: 'settings', href: '/my/settings', label: 'Settings' },
] as const;
export type PortalSection = (typeof PORTAL_SECTIONS)[number]['key'];

function PortalNav({ active, shell }: { active: PortalSection; shell: PortalShell }) {
  return (
    <header class="portal-header">
      <div class="portal-bar">
        <a class="portal-brand" href="/my">Cistern <span>My water account</span></a>
        <form method="post" action="/logout" class="portal-signout">
          {shell.csrfToken ? <input type="hidden" name="_csrf" value={shell.csrfToken} /> : null}
          <button type="submit" class="link-button">Sign out</button>
        </form>
      </div>
      <nav aria-label="My account">
        <ul class="portal-nav">
          {PORTAL_SECTIONS.map((s) => (
            <li><a href={s.href} aria-current={s.key === active ? 'page' : undefined}>{s.label}</a></li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

/** The whole page: `children` is what goes in #main (and what an htmx request gets alone). */
export function PortalLayout({ title, active, shell, children }: { title: string; active: PortalSection; shell: PortalShell; children: Child }) {
  return (
    <html lang="en">
      <PageHead title={`${title} · My water account`} stylesheet="portal.css" csrfToken={shell.csrfToken} />
      <body class="portal" hx-headers={csrfHxHeaders(shell.csrfToken)}>
        <PortalNav active={active} shell={shell} />
        <div id="flash" role="status" aria-live="polite"></div>
        <main id="main" class="portal-main">{children}</main>
      </body>
    </html>
  );
}

/** The notice a page shows after a write succeeded (`?saved=…`). */
export function Notice({ message }: { message?: string | null }) {
  return message ? <div class="notice" role="status">{message}</div> : null;
}
