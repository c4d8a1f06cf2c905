/** An account with its facts and live insights: what the profile page and the account API show. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Db } from '../common/database.js';
import { NotFound } from '../common/errors.js';
import { coalescedQuery } from '../common/coalesced-query.js';
import { consumptionBar } from '../readings/consumption-bar.js';
import { factsJson, factsOf, windowStart, type AccountFacts } from './account-facts.js';
import { accountInsights, type AccountInsights } from './account-insights.js';
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
 * An account with its live metrics (exact now, not the nightly columns): the header
 * row and its facts, then the rules (in the utility's `timeZone`). NotFound for an unknown number.
 */
export async function loadAccountProfile(
  em: EntityManager, accountNumber: string, timeZone: string, asOf: Date = new Date(),
): Promise<AccountProfile> {
  const canonical = canonicalAccountNumber(accountNumber);
  const [row] = await profileRow(em, canonical, windowStart(asOf));
  if (!row) throw new NotFound('Account', canonical);
  const { facts: json, ...header } = row;
  const record = accountRecordOf(header);
  const facts = factsOf(record, json, await consumptionBar(em, record.vipSettings.consumptionPercentile));
  return { record, facts, insights: accountInsights(facts, asOf, timeZone, record.vipSettings) };
}
