import { Migration } from '@mikro-orm/migrations';

/**
 * The account list filtered by status and overdue (docs/rules.md#search), read in account-number order
 * straight from an index. Without these, a filter such as "disconnected, not overdue" walked the
 * account-number index and checked each row: at 1,000,000 accounts the first such accounts lie past tens
 * of thousands of others (the oldest accounts are the ones in arrears), and a page took 150-1,000 ms.
 * With them every status and overdue pair reads its page in 1-2 ms (BENCHMARKS.md, search at 1,000,000).
 *
 * Two partial indexes rather than one on the overdue flag: PostgreSQL turns the list's "not overdue"
 * (`not (overdue_since is not null)`) into `overdue_since is null`, which matches an index predicate but not
 * an indexed boolean expression. Each account sits in one of the two, so a write adds one entry; a balance
 * move that changes `overdue_since` already rewrote the account's index entries (`account_overdue`).
 */
export class Migration20261205090000_account_status_lists extends Migration {
  override name = 'Migration20261205090000_account_status_lists';

  override up(): void {
    this.addSql('create index account_status_current on account (status, length(account_number), account_number) where overdue_since is null;');
    this.addSql('create index account_status_overdue on account (status, length(account_number), account_number) where overdue_since is not null;');
  }

  override down(): void {
    this.addSql('drop index if exists account_status_overdue;');
    this.addSql('drop index if exists account_status_current;');
  }
}
