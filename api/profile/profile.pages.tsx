/**
 * The consumer profile pages (docs/rules.md#consumer-profile). `/accounts/{n}` is the Overview; each tab has
 * its own URL `/accounts/{n}/{tab}` that renders the whole page with that tab open on a
 * normal GET (so it can be bookmarked and opened directly) and only the tab area for an
 * htmx request. htmx restoring history after a cache miss asks for the whole page.
 */
import { Hono, type Context, type Next } from 'hono';
import { normalizeAccountNumber } from '../../domain/accounts/account-number.js';
import type { AccountInsights } from '../../domain/accounts/account-insights.js';
import { loadAccountProfilePage, type ProfilePageData } from '../../domain/accounts/account-profile.js';
import { findAccountRecord, type AccountRecord } from '../../domain/accounts/account-record.js';
import { ProfilePage } from '../../views/profile/profile-page.view.js';
import { isProfileTab, ProfileTabs, type ProfileTab } from '../../views/profile/tabs.view.js';
import type { AppEnv } from '../app-env.js';
import { wantsFragment } from '../common/htmx.js';
import { requireRole } from '../middleware/require-role.js';
import { shellUser } from '../common/shell.js';
import { TAB_LOADERS, TABS_WITH_INSIGHTS, type TabContext } from './profile-tabs.js';

/**
 * The account's header record, with its facts' insights, its portal access and its latest activity when the
 * page or tab shows them (one statement either way).
 */
async function loadHeader(c: Context<AppEnv>, tab: ProfileTab, withInsights: boolean, asOf: Date)
  : Promise<{ record: AccountRecord; insights: AccountInsights | null } & Partial<Pick<ProfilePageData, 'portalAccess' | 'latestActivity'>>> {
  const accountNumber = c.req.param('accountNumber') ?? '';
  if (!withInsights) return { record: await findAccountRecord(c.get('em'), accountNumber), insights: null };
  return loadAccountProfilePage(c.get('em'), accountNumber, c.get('deps').config.UTILITY_TIME_ZONE, asOf, { latestActivity: tab === 'overview' });
}

async function renderProfile(c: Context<AppEnv>, tab: ProfileTab) {
  const em = c.get('em');
  const asOf = new Date();
  const fragment = wantsFragment(c);
  const { record, insights, portalAccess, latestActivity } = await loadHeader(c, tab, !fragment || TABS_WITH_INSIGHTS.has(tab), asOf);
  const context: TabContext = {
    em, record, insights, portalAccess, latestActivity, asOf, query: (name) => c.req.query(name), queries: (name) => c.req.queries(name) ?? [], timeZone: c.get('deps').config.UTILITY_TIME_ZONE,
    canPinVip: c.get('user')?.role === 'admin',
    canAddBills: c.get('user')?.role === 'admin',
  };
  const panel = await TAB_LOADERS[tab](context);
  // The same URL answers a page or a fragment: caches must keep them apart.
  c.header('Vary', 'HX-Request, HX-History-Restore-Request');
  if (fragment) return c.html(<ProfileTabs accountNumber={record.accountNumber} active={tab}>{panel}</ProfileTabs>);
  return c.html(
    <ProfilePage user={shellUser(c)} csrfToken={c.get('session')?.csrfToken ?? null} record={record} insights={insights!} tab={tab}>
      {panel}
    </ProfilePage>,
  );
}

/** Segments that are not account numbers ("/accounts/new") are left to the routes that own them. */
function accountNumberOrNext(handler: (c: Context<AppEnv>) => Promise<Response>) {
  return async (c: Context<AppEnv>, next: Next) => {
    if (!normalizeAccountNumber(c.req.param('accountNumber') ?? '')) return next();
    return handler(c);
  };
}

export const profileRoutes = new Hono<AppEnv>()
  .get('/accounts/:accountNumber', requireRole('agent'), accountNumberOrNext((c) => renderProfile(c, 'overview')))
  .get('/accounts/:accountNumber/:tab', requireRole('agent'), async (c, next) => {
    const tab = c.req.param('tab');
    if (!isProfileTab(tab)) return next();
    return accountNumberOrNext((ctx) => renderProfile(ctx, tab))(c, next);
  });
