/** The pager of a profile tab's list: the shared pager, its links swapping the tab area. */
import type { Page } from '../../domain/common/paging.js';
import { Pager as ListPager } from '../common/pager.js';
import { tabLinkAttributes } from './tabs.view.js';

/** `href(page)` builds the tab URL for another page, keeping the tab's other query parameters. */
export function Pager({ page, label, href }: { page: Page<unknown>; label: string; href: (page: number) => string }) {
  return <ListPager page={page} label={label} link={(to, rel) => ({ ...tabLinkAttributes(href(to)), rel })} />;
}
