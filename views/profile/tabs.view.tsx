/** The profile's tab list and tab URLs; tab links swap the tab area through htmx. */
import type { Child } from 'hono/jsx';

export const PROFILE_TABS = ['overview', 'financial', 'connections', 'service', 'communication', 'documents', 'notes', 'timeline'] as const;
export type ProfileTab = (typeof PROFILE_TABS)[number];

const TAB_LABELS: Record<ProfileTab, string> = {
  overview: 'Overview', financial: 'Financial', connections: 'Connections', service: 'Service',
  communication: 'Communication', documents: 'Documents', notes: 'Notes', timeline: 'Timeline',
};

export function isProfileTab(value: string): value is ProfileTab {
  return (PROFILE_TABS as readonly string[]).includes(value);
}

/** The URL of a tab; it renders the whole page on a normal GET and the tab alone for htmx. */
export function tabUrl(accountNumber: string, tab: ProfileTab, query?: Record<string, number | string | undefined>): string {
  const base = `/accounts/${encodeURIComponent(accountNumber)}/${tab}`;
  const given = Object.entries(query ?? {}).filter((entry): entry is [string, number | string] => entry[1] !== undefined);
  const search = new URLSearchParams(given.map(([k, v]): [string, string] => [k, String(v)])).toString();
  return search ? `${base}?${search}` : base;
}

/**
 * htmx attributes of every link that changes what the tab area shows: fetch the
 * fragment, swap the whole tab area (the tab list marks the new active tab), and push
 * the URL so the back button and bookmarks work.
 */
export function tabLinkAttributes(href: string) {
  return { href, 'hx-get': href, 'hx-target': '#profile-tabs', 'hx-swap': 'outerHTML', 'hx-push-url': 'true' };
}

/** The tab list and the open tab's panel: the full page holds it, an htmx request gets it alone. */
export function ProfileTabs({ accountNumber, active, children }: { accountNumber: string; active: ProfileTab; children: Child }) {
  return (
    <div id="profile-tabs" class="profile-tabs">
      <div class="tablist" role="tablist" aria-label="Profile sections">
        {PROFILE_TABS.map((tab) => (
          <a
            {...tabLinkAttributes(tabUrl(accountNumber, tab))}
            id={`tab-${tab}`}
            role="tab"
            aria-controls="tab-panel"
            aria-selected={tab === active ? 'true' : 'false'}
            aria-current={tab === active ? 'page' : undefined}
            class={tab === active ? 'tab active' : 'tab'}
          >
            {TAB_LABELS[tab]}
          </a>
        ))}
      </div>
      <section id="tab-panel" class="tab-panel" role="tabpanel" aria-labelledby={`tab-${active}`} data-tab={active}>
        {children}
      </section>
    </div>
  );
}
