import { Migration } from '@mikro-orm/migrations';

/**
 * A partial account number (`wu-600`, `10001`) looked up without reading the table (docs/rules.md#search):
 * the prefix index carries what the search reads from each match (id, status, VIP, overdue), as the name
 * key indexes do (migration 20261208090000). A prefix matched 1,100 accounts at 1,000,000 (`WU-600…`), and
 * the search read a table page for each: 8.2 ms a search, 1.1 ms from the index alone; `WU-100…`, 11,100
 * matches, 18.9 → 10.4 ms (BENCHMARKS.md, "The typo variants the search no longer sends").
 *
 * It costs no update its HOT path: status, VIP and the overdue date are in other indexes already, so a row
 * changing them writes every index anyway. Built at 1,000,000 accounts it holds 49 MB (the one it replaces, 60 MB
 * after a nightly run).
 */
export class Migration20261214100000_account_number_prefix_cover extends Migration {
  override name = 'Migration20261214100000_account_number_prefix_cover';

  override up(): void {
    this.addSql('create index account_number_pattern_cover on account (account_number text_pattern_ops) include (id, status, vip, overdue_since);');
    this.addSql('drop index if exists account_number_pattern;');
  }

  override down(): void {
    this.addSql('create index if not exists account_number_pattern on account (account_number text_pattern_ops);');
    this.addSql('drop index if exists account_number_pattern_cover;');
  }
}
