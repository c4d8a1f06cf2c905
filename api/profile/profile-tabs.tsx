/**
 * What each profile tab loads and renders. Each loader reads only its own tab's data,
 * so a tab fetched on its own by htmx costs just its queries (plus the account row, and
 * the account's facts for the tabs that show live metrics).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AccountInsights } from '../../domain/accounts/account-insights.js';
import type { AccountRecord } from '../../domain/accounts/account-record.js';
import { LATEST_ACTIVITY } from '../../domain/accounts/account-profile.js';
import type { TimelineEntry } from '../../domain/timeline/timeline-entries.js';
import { toLocalDateTimeInput } from '../../domain/common/utility-time.js';
import { pageFromQuery } from '../../domain/common/paging.js';
import { timelineOf } from '../../domain/timeline/timeline.js';
import { consumptionTrend, listAccountReadings, listMeters } from '../../domain/readings/profile-connections.js';
import { listBills, listPayments } from '../../domain/billing/profile-finance.js';
import { listCommunications, listComplaints, listDocuments, listNotes } from '../../domain/communications/profile-records.js';
import { listServiceOrders } from '../../domain/service-orders/profile-service.js';
import { CommunicationTab } from '../../views/profile/communication.view.js';
import { ConnectionsTab } from '../../views/profile/connections.view.js';
import { DocumentsTab } from '../../views/profile/documents.view.js';
import { FinancialTab } from '../../views/profile/financial.view.js';
import { NotesTab } from '../../views/profile/notes.view.js';
import { OverviewTab } from '../../views/profile/overview.view.js';
import { portalAccessOf, type PortalAccess } from '../../domain/portal/portal-access.js';
import { ServiceTab } from '../../views/profile/service.view.js';
import { ComplaintsPanel } from '../../views/profile/forms/complaints.view.js';
import type { ProfileTab } from '../../views/profile/tabs.view.js';
import { TimelineTab } from '../../views/profile/timeline.view.js';
import { timelineRequest } from '../timeline/timeline-form.js';

export interface TabContext {
  em: EntityManager;
  record: AccountRecord;
  /** Present when the tab needs live metrics (see TABS_WITH_INSIGHTS) or the full page was asked for. */
  insights: AccountInsights | null;
  /** The account's portal access when the header's statement brought it (the profile page's); the Overview asks otherwise. */
  portalAccess?: PortalAccess | null;
  /** The account's latest activity when the header's statement brought it (the profile page's); the Overview asks otherwise. */
  latestActivity?: TimelineEntry[];
  query: (name: string) => string | undefined;
  /** Every value of a repeated parameter (the timeline's kinds). */
  queries: (name: string) => string[];
  timeZone: string;
  asOf: Date;
  /** Admins see the VIP override form (docs/rules.md#vip). */
  canPinVip?: boolean;
  /** Admins see the form that adds a bill (docs/rules.md#bills-payments-and-compliance). */
  canAddBills?: boolean;
}

/** The tabs whose content shows computed metrics: their fragments load the account's facts too. */
export const TABS_WITH_INSIGHTS: ReadonlySet<ProfileTab> = new Set(['overview', 'financial']);

const METERS_SHOWN = { page: 1, pageSize: 50 };

function needInsights(ctx: TabContext): AccountInsights {
  if (!ctx.insights) throw new Error('this tab needs the account insights');
  return ctx.insights;
}

export const TAB_LOADERS: Record<ProfileTab, (ctx: TabContext) => Promise<JSX.Element>> = {
  async overview(ctx) {
    const [activity, portalAccess] = await Promise.all([
      ctx.latestActivity ?? timelineOf(ctx.em, ctx.record, { kinds: [], pageSize: LATEST_ACTIVITY }, ctx.timeZone).then((page) => page.items),
      ctx.portalAccess !== undefined ? ctx.portalAccess : portalAccessOf(ctx.em, ctx.record.id),
    ]);
    return <OverviewTab record={ctx.record} insights={needInsights(ctx)} activity={activity} timeZone={ctx.timeZone} canPinVip={ctx.canPinVip ?? false} portalAccess={portalAccess} />;
  },
  async financial(ctx) {
    const [payments, bills] = await Promise.all([
      listPayments(ctx.em, ctx.record.id, pageFromQuery(ctx.query('page'), ctx.query('pageSize'))),
      listBills(ctx.em, ctx.record.id, pageFromQuery(ctx.query('billsPage'), undefined, 12)),
    ]);
    return <FinancialTab record={ctx.record} insights={needInsights(ctx)} payments={payments} bills={bills} timeZone={ctx.timeZone}
      canAddBills={ctx.canAddBills ?? false} />;
  },
  async connections(ctx) {
    const [meters, readings, trend] = await Promise.all([
      listMeters(ctx.em, ctx.record.id, METERS_SHOWN),
      listAccountReadings(ctx.em, ctx.record.id, pageFromQuery(ctx.query('page'), ctx.query('pageSize'))),
      consumptionTrend(ctx.em, ctx.record.id, ctx.asOf, ctx.timeZone),
    ]);
    return <ConnectionsTab accountNumber={ctx.record.accountNumber} unit={ctx.record.usageUnit} meters={meters} readings={readings} trend={trend}
      today={toLocalDateTimeInput(ctx.asOf, ctx.timeZone).slice(0, 10)} />;
  },
  async service(ctx) {
    const [orders, complaints] = await Promise.all([
      listServiceOrders(ctx.em, ctx.record.id, pageFromQuery(ctx.query('page'), ctx.query('pageSize')), ctx.asOf),
      listComplaints(ctx.em, ctx.record.id, pageFromQuery(ctx.query('complaintsPage'), undefined, 10)),
    ]);
    return (
      <>
        <ServiceTab accountNumber={ctx.record.accountNumber} orders={orders} timeZone={ctx.timeZone} complaintsPage={complaints.page} />
        <ComplaintsPanel accountNumber={ctx.record.accountNumber} complaints={complaints} timeZone={ctx.timeZone} asOf={ctx.asOf} ordersPage={orders.page} />
      </>
    );
  },
  async communication(ctx) {
    const communications = await listCommunications(ctx.em, ctx.record.id, pageFromQuery(ctx.query('page'), ctx.query('pageSize')));
    return <CommunicationTab accountNumber={ctx.record.accountNumber} communications={communications} timeZone={ctx.timeZone} />;
  },
  async documents(ctx) {
    const documents = await listDocuments(ctx.em, ctx.record.id, pageFromQuery(ctx.query('page'), ctx.query('pageSize')));
    return <DocumentsTab accountNumber={ctx.record.accountNumber} documents={documents} timeZone={ctx.timeZone} />;
  },
  async timeline(ctx) {
    const { values, filter, errors } = timelineRequest(ctx.queries, ctx.timeZone);
    const page = filter ? await timelineOf(ctx.em, ctx.record, filter, ctx.timeZone) : { items: [], nextCursor: null };
    return <TimelineTab accountNumber={ctx.record.accountNumber} entries={page.items} nextCursor={page.nextCursor} values={values} errors={errors} timeZone={ctx.timeZone} />;
  },
  async notes(ctx) {
    const notes = await listNotes(ctx.em, ctx.record.id, pageFromQuery(ctx.query('page'), ctx.query('pageSize')));
    return <NotesTab accountNumber={ctx.record.accountNumber} notes={notes} timeZone={ctx.timeZone} />;
  },
};
