/**
 * The consumer portal's page shell (/my): a light, phone-first layout of its own (portal.css, no
 * back-office navigation), htmx served by the app as on the staff pages, and the flash area where
 * a refused action is explained.
 */
import type { Child } from 'hono/jsx';

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

// The same htmx settings as the back office: error answers are swapped too, so a refusal is always shown.
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false, allowEval: false, selfRequestsOnly: true,
  responseHandling: [{ code: '204', swap: false }, { code: '[23]..', swap: true }, { code: '[45]..', swap: true, error: true }],
});

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
  const hxHeaders = shell.csrfToken ? JSON.stringify({ 'X-CSRF-Token': shell.csrfToken }) : undefined;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        {shell.csrfToken ? <meta name="csrf-token" content={shell.csrfToken} /> : null}
        <title>{`${title} · My water account`}</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/colours.css" />
        <link rel="stylesheet" href="/static/portal.css" />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/app.js" defer></script>
      </head>
      <body class="portal" hx-headers={hxHeaders}>
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
