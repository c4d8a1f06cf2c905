/** The whole consumer profile page: the header and the tab area. */
import type { Child } from 'hono/jsx';
import type { AccountInsights } from '../../domain/accounts/account-insights.js';
import type { AccountRecord } from '../../domain/accounts/account-record.js';
import { Layout, type ShellUser } from '../common/layout.js';
import { ProfileHeader } from './header.view.js';
import { ProfileTabs, type ProfileTab } from './tabs.view.js';

export interface ProfilePageProps {
  user: ShellUser;
  csrfToken: string | null;
  record: AccountRecord;
  insights: AccountInsights;
  tab: ProfileTab;
  children: Child;
}

/** The whole consumer profile with one tab open; the other tabs load on demand. */
export function ProfilePage({ user, csrfToken, record, insights, tab, children }: ProfilePageProps) {
  return (
    <Layout title={`${record.firstName} ${record.lastName} (${record.accountNumber})`} user={user} csrfToken={csrfToken} active="accounts">
      <p class="breadcrumb"><a href="/accounts">Consumers</a> / {record.accountNumber}</p>
      <ProfileHeader record={record} insights={insights} />
      <ProfileTabs accountNumber={record.accountNumber} active={tab}>{children}</ProfileTabs>
    </Layout>
  );
}
