/** An account with its facts and live insights: what the profile page and the account API show. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Db } from '../common/database.js';
import { NotFound } from '../common/errors.js';
import { coalescedQuery } from '../common/coalesced-query.js';
import { consumptionBar } from '../readings/consumption-bar.js';
import { factsJson, factsOf, windowStart, type AccountFacts } from './account-facts.js';
import { accountInsights, type AccountInsights } from './account-insights.js';
import type { PortalAccess } from '../portal/portal-access.js';
import { activeConsumerOf } from '../portal/active-consumer.js';
import { accountRecordOf, accountRecordQuery, canonicalAccountNumber, type AccountRecord } from './account-record.js';

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

/**
 * The profile page's header row: the same, with the account's portal access (its active consumer's
 * e-mail and since when, domain/portal/active-consumer.ts) joined in, so the Overview does not send a
 * statement of its own for it.
 */
const profilePageRow = coalescedQuery(['text', 'date'], (q: Db, accountNumber: string, since: string) => accountRecordQuery(q, accountNumber)
  .leftJoinLateral(activeConsumerOf(q, sql<number>`a.id`).select(['app_user.email as portalEmail', 'app_user.created_at as portalSince']).limit(1).as('pu'),
    (join) => join.onTrue())
  .select(['pu.portalEmail', 'pu.portalSince'])
  .select(factsJson(q, sql<number>`a.id`, since).as('facts')));

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

/** As `loadAccountProfile`, with the account's portal access (null when nobody signs in for it): what the profile page shows. */
export async function loadAccountProfilePage(
  em: EntityManager, accountNumber: string, timeZone: string, asOf: Date = new Date(),
): Promise<AccountProfile & { portalAccess: PortalAccess | null }> {
  const canonical = canonicalAccountNumber(accountNumber);
  const [row] = await profilePageRow(em, canonical, windowStart(asOf));
  if (!row) throw new NotFound('Account', canonical);
  const { portalEmail, portalSince, ...profile } = row;
  const portalAccess = portalEmail !== null && portalSince !== null ? { email: portalEmail, since: portalSince } : null;
  return { ...(await profileOf(em, profile, timeZone, asOf)), portalAccess };
}
