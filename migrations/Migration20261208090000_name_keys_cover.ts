import { Migration } from '@mikro-orm/migrations';

/**
 * A one-word name search without reading the table (docs/rules.md#search). The word matched ~2,000
 * accounts for a common last name, and the search read one table page for each of them to learn its
 * number, status, VIP and overdue flag: at 1,000,000 accounts 1,400–2,000 pages, 51–82 ms of reading
 * when they were not in memory (BENCHMARKS.md). So:
 * - the first- and last-name key indexes carry those columns (and the names themselves, without which
 *   PostgreSQL does not consider an index-only scan on an expression), and answer `key = word` and the
 *   key prefix ranges from the index alone (1.3–2.0 ms for the same ~1,800 matches);
 * - a name whose words are more than its two keys (`O'Brien-Lee`, `Anne-Marie`: 6.5 % of the seeded
 *   names) is found by its other words through a GIN index over those names only.
 */
export class Migration20261208090000_name_keys_cover extends Migration {
  override name = 'Migration20261208090000_name_keys_cover';

  override up(): void {
    for (const part of ['first', 'last']) {
      this.addSql(`create index account_${part}_name_key_cover on account (f_name_key(${part}_name) text_pattern_ops)
        include (id, account_number, status, vip, overdue_since, first_name, last_name);`);
      this.addSql(`drop index if exists account_${part}_name_key;`);
    }
    this.addSql(`create index account_other_name_words on account using gin (f_name_words(first_name, last_name)) with (fastupdate = off)
      where not (f_name_words(first_name, last_name) <@ array[f_name_key(first_name), f_name_key(last_name)]);`);
  }

  override down(): void {
    this.addSql('drop index if exists account_other_name_words;');
    for (const part of ['first', 'last']) {
      this.addSql(`create index if not exists account_${part}_name_key on account (f_name_key(${part}_name) text_pattern_ops);`);
      this.addSql(`drop index if exists account_${part}_name_key_cover;`);
    }
  }
}
