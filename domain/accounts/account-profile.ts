/** An account with its facts and live insights: what the profile page and the account API show. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadAccountFacts, type AccountFacts } from './account-facts.js';
import { accountInsights, type AccountInsights } from './account-insights.js';
import { findAccountRecord, type AccountRecord } from './account-record.js';

export interface AccountProfile {
  record: AccountRecord;
  facts: AccountFacts;
  insights: AccountInsights;
}

/**
 * An account with its live metrics (exact now, not the nightly columns): the header
 * row, then its facts, then the rules (in the utility's `timeZone`). NotFound for an unknown number.
 */
export async function loadAccountProfile(
  em: EntityManager, accountNumber: string, timeZone: string, asOf: Date = new Date(),
): Promise<AccountProfile> {
  const record = await findAccountRecord(em, accountNumber);
  const facts = await loadAccountFacts(em, record, asOf);
  return { record, facts, insights: accountInsights(facts, asOf, timeZone, record.vipSettings) };
}
