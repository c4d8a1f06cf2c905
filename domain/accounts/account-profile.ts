/** An account with its facts and live insights: what the profile page and the account API show. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Db } from '../common/database.js';
import { NotFound } from '../common/errors.js';
import { coalescedQuery } from '../common/coalesced-query.js';
import { remembered } from '../common/remembered.js';
import { consumptionBar } from '../readings/consumption-bar.js';
import { factsJson, factsOf, windowStart, type AccountFacts } from './account-facts.js';
import { accountInsights, type AccountInsights } from './account-insights.js';
import type { PortalAccess } from '../portal/portal-access.js';
import { activeConsumerOf } from '../portal/active-consumer.js';
import { accountRecordOf, accountRecordQuery, canonicalAccountNumber, type AccountRecord } from './account-record.js';
import { timelineJson, timelineRowOf, type RawRow } from '../timeline/timeline-query.js';
import { timelinePageOf } from '../timeline/timeline.js';
import type { TimelineEntry } from '../timeline/timeline-entries.js';

export interface AccountProfile {
  record: AccountRecord;
  facts: AccountFacts;
  insights: AccountInsights;
}

/**
 * The header row and every fact in one statement, compiled once: the account's row with its
 * facts as one JSON column (account-facts.ts `factsJson`, over the row's own id). One round trip
 * per profile instead of eleven, which is most of what a profile request cost the API and PostgreSQL;
 * profiles asked for at the same moment share one (domain/common/coalesced-query.ts).
 */
const profileRow = coalescedQuery(['text', 'date'], (q: Db, accountNumber: string, since: string) => accountRecordQuery(q, accountNumber)
  .select(factsJson(q, sql<number>`a.id`, since).as('facts')));

/** The Overview's latest activity: the first entries of the account's timeline. */
export const LATEST_ACTIVITY = 8;

/**
 * The profile page's header row: the same, with the account's portal access (its active consumer's
 * e-mail and since when, domain/portal/active-consumer.ts) joined in, so the Overview does not send a
 * statement of its own for it.
 */
const pageRowQuery = (q: Db, accountNumber: string, since: string) => accountRecordQuery(q, accountNumber)
  .leftJoinLateral(activeConsumerOf(q, sql<number>`a.id`).select(['app_user.email as portalEmail', 'app_user.created_at as portalSince']).limit(1).as('pu'),
    (join) => join.onTrue())
  .select(['pu.portalEmail', 'pu.portalSince'])
  .select(factsJson(q, sql<number>`a.id`, since).as('facts'));
/** The page's row for the other tabs: no latest activity (its column null, so both rows have one shape). */
const profilePageRow = coalescedQuery(['text', 'date'], (q: Db, accountNumber: string, since: string) => pageRowQuery(q, accountNumber, since)
  .select(sql<RawRow[] | null>`null::json`.as('latestActivity')));

/**
 * The Overview page's header row: the page's, with the latest activity (the timeline's first page, as JSON), so
 * that the Overview sends no statement of its own. Coalesced, a page's statements under load are then the
 * caller's and this one, each shared by the pages asked for at the same moment; the timeline's own statement,
 * many rows an account, could not be shared. The timeline's dates become instants in the utility's zone,
 * written into the statement: one statement per zone.
 */
function overviewPageRowIn(timeZone: string) {
  return coalescedQuery(['text', 'date'], (q: Db, accountNumber: string, since: string) => pageRowQuery(q, accountNumber, since)
    .select(timelineJson({ id: sql<number>`a.id`, number: sql<string>`a.account_number` }, LATEST_ACTIVITY, timeZone).$castTo<RawRow[] | null>().as('latestActivity')));
}
const overviewPageRows = new Map<string, ReturnType<typeof overviewPageRowIn>>();

function overviewPageRow(timeZone: string) {
  return remembered(overviewPageRows, timeZone, overviewPageRowIn);
}

/** The profile built from its header row: the record, its facts, and the rules (in the utility's `timeZone`). */
async function profileOf(em: EntityManager, row: Awaited<ReturnType<typeof profileRow>>[number], timeZone: string, asOf: Date): Promise<AccountProfile> {
  const { facts: json, ...header } = row;
  const record = accountRecordOf(header);
  const facts = factsOf(record, json, await consumptionBar(em, record.vipSettings.consumptionPercentile));
  return { record, facts, insights: accountInsights(facts, asOf, timeZone, record.vipSettings) };
}

/**
 * An account with its live metrics (exact now, not the nightly columns): the header
 * row and its facts, then the rules (in the utility's `timeZone`). NotFound for an unknown number.
 */
export async function loadAccountProfile(
  em: EntityManager, accountNumber: string, timeZone: string, asOf: Date = new Date(),
): Promise<AccountProfile> {
  const canonical = canonicalAccountNumber(accountNumber);
  const [row] = await profileRow(em, canonical, windowStart(asOf));
  if (!row) throw new NotFound('Account', canonical);
  return profileOf(em, row, timeZone, asOf);
}

/** The profile page's profile, with what the page shows besides. */
export type ProfilePageData = AccountProfile & { portalAccess: PortalAccess | null; latestActivity?: TimelineEntry[] };

/**
 * As `loadAccountProfile`, with the account's portal access (null when nobody signs in for it), and with its latest
 * activity (LATEST_ACTIVITY timeline entries, newest first) when `latestActivity` is asked for (the Overview):
 * what the profile page shows.
 */
export async function loadAccountProfilePage(
  em: EntityManager, accountNumber: string, timeZone: string, asOf: Date = new Date(), { latestActivity = false } = {},
): Promise<ProfilePageData> {
  const canonical = canonicalAccountNumber(accountNumber);
  const since = windowStart(asOf);
  const [row] = latestActivity ? await overviewPageRow(timeZone)(em, canonical, since) : await profilePageRow(em, canonical, since);
  if (!row) throw new NotFound('Account', canonical);
  const { portalEmail, portalSince, latestActivity: activity, ...profile } = row;
  const portalAccess = portalEmail !== null && portalSince !== null ? { email: portalEmail, since: portalSince } : null;
  const page: ProfilePageData = { ...(await profileOf(em, profile, timeZone, asOf)), portalAccess };
  if (activity) page.latestActivity = timelinePageOf(activity.map(timelineRowOf), canonical, LATEST_ACTIVITY).items;
  return page;
}
