/**
 * The answer to a successful save on the profile: the tab as it now is (swapped in place
 * of the form's tab area) and, out of band, the header, since a payment, bill or reading
 * changes the balance, score and alerts there too. No page reload; the URL stays.
 */
import type { Context } from 'hono';
import { loadAccountProfile } from '../../domain/accounts/account-profile.js';
import { ProfileHeader } from '../../views/profile/header.view.js';
import { ProfileTabs, type ProfileTab } from '../../views/profile/tabs.view.js';
import type { AppEnv } from '../app-env.js';
import { TAB_LOADERS, type TabContext } from '../profile/profile-tabs.js';

export async function renderSavedTab(c: Context<AppEnv>, accountNumber: string, tab: ProfileTab, message?: string) {
  const em = c.get('em');
  const asOf = new Date();
  const { record, insights } = await loadAccountProfile(em, accountNumber, c.get('deps').config.UTILITY_TIME_ZONE, asOf);
  const context: TabContext = {
    em, record, insights, asOf, query: () => undefined, queries: () => [], timeZone: c.get('deps').config.UTILITY_TIME_ZONE,
    canPinVip: c.get('user')?.role === 'admin',
    canAddBills: c.get('user')?.role === 'admin',
  };
  const panel = await TAB_LOADERS[tab](context);
  // The form targets itself (so a refusal re-renders it inline); a success replaces the whole tab area.
  c.header('HX-Retarget', '#profile-tabs');
  c.header('HX-Reswap', 'outerHTML');
  return c.html(
    <>
      <ProfileTabs accountNumber={record.accountNumber} active={tab}>{panel}</ProfileTabs>
      <ProfileHeader record={record} insights={insights} swapOob />
      {message ? <div id="flash" role="status" aria-live="polite" hx-swap-oob="true"><p class="alert alert-info flash-saved">{message}</p></div> : null}
    </>,
  );
}
