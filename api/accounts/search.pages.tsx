/** GET /accounts: the consumer search page and its htmx results fragment. */
import { Hono } from 'hono';
import { Invalid } from '../../domain/common/errors.js';
import { searchAccounts } from '../../domain/accounts/search/account-search.js';
import { DEFAULT_PAGE_SIZE } from '../../domain/common/paging.js';
import { SearchPage, SearchResults, searchUrl, type SearchForm } from '../../views/accounts/search.view.js';
import type { AppEnv } from '../app-env.js';
import { wantsFragment } from '../common/htmx.js';
import { requireRole } from '../middleware/require-role.js';
import { fieldErrors } from '../common/openapi.js';
import { shellUser } from '../common/shell.js';
import { AccountSearchQuery, toSearchRequest } from './search.json.js';

/** A form sends empty fields ("All" statuses, an empty box); they mean "not given". */
function givenFields(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value.trim() !== ''));
}

/** GET /accounts: the search page (docs/rules.md#search); an htmx request gets only the results. */
export const accountsSearchRoutes = new Hono<AppEnv>().get('/accounts', requireRole('agent'), async (c) => {
  const parsed = AccountSearchQuery.safeParse(givenFields(c.req.query()));
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error.issues);
    throw new Invalid(`Invalid search: ${Object.keys(fields).join(', ')}`, fields);
  }
  const request = toSearchRequest(parsed.data);
  const result = await searchAccounts(c.get('em'), request, c.get('deps').genericPlanDb);
  const form: SearchForm = { q: request.q ?? '', status: request.status, vip: request.vip, overdue: request.overdue };
  c.header('Vary', 'HX-Request');
  if (wantsFragment(c)) {
    // The address bar gets the canonical URL of this search, not the form's raw fields (`q=&status=`).
    c.header('HX-Push-Url', searchUrl(form, result.page, result.pageSize === DEFAULT_PAGE_SIZE ? undefined : result.pageSize));
    return c.html(<SearchResults form={form} result={result} />);
  }
  return c.html(<SearchPage user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} form={form} result={result} />);
});
