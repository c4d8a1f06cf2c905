/** The one "← Newer · Page n of m · Older →" pager of paginated lists (profile tabs, audit log, notifications). */
import { pageCount, type Page } from '../../domain/common/paging.js';

/** The attributes of the link to another page (href and its htmx target); `rel` is prev or next. */
export type PageLink = (page: number, rel: 'prev' | 'next') => Record<string, string>;

/** Previous / next links of a list; nothing when it fits on one page. */
export function Pager({ page, label, link }: { page: Page<unknown>; label: string; link: PageLink }) {
  const pages = pageCount(page);
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      {page.page > 1 ? <a {...link(page.page - 1, 'prev')}>← Newer</a> : <span class="muted">← Newer</span>}
      <span class="pager-position">Page {page.page} of {pages} ({page.total} in all)</span>
      {page.page < pages ? <a {...link(page.page + 1, 'next')}>Older →</a> : <span class="muted">Older →</span>}
    </nav>
  );
}
