/** The typed query builder extended with `account_tally`, the trigger-kept counters behind the dashboard and the unfiltered search. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../shared/database.js';

/**
 * `account_tally` has no entity (triggers on `account` keep it, migration 060000): its
 * columns, so queries over it stay typed. Sums of its bigints come back as strings.
 */
interface AccountTallyTable {
  shard: number;
  status: string;
  /** '' when the account is not disconnected. */
  disconnection_kind: string;
  vip: boolean;
  overdue: boolean;
  accounts: string;
  balance_cents: string;
}

export function tallyDb(em: EntityManager) {
  return db(em).withTables<{ account_tally: AccountTallyTable }>();
}
