import { pageCount, type Page } from '../../domain/shared/paging.js';
import { tabLinkAttributes } from './tabs.view.js';

/**
 * Previous / next links of a paginated list in a tab. `href(page)` builds the tab URL
 * for another page, keeping the tab's other query parameters.
 */
export function Pager({ page, label, href }: { page: Page<unknown>; label: string; href: (page: number) => string }) {
  const pages = pageCount(page);
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      {page.page > 1 ? <a {...tabLinkAttributes(href(page.page - 1))} rel="prev">← Newer</a> : <span class="muted">← Newer</span>}
      <span class="pager-position">Page {page.page} of {pages} ({page.total} in all)</span>
      {page.page < pages ? <a {...tabLinkAttributes(href(page.page + 1))} rel="next">Older →</a> : <span class="muted">Older →</span>}
    </nav>
  );
}
