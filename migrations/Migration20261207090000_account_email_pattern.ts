import { Migration } from '@mikro-orm/migrations';

/**
 * A pattern index on the folded e-mail address, for the search's e-mail prefix range: a word of
 * letters alone is looked for at the start of an address, not inside it (docs/rules.md#search).
 * The trigram index `account_email_trgm` still answers text found anywhere in an address.
 */
export class Migration20261207090000_account_email_pattern extends Migration {
  override name = 'Migration20261207090000_account_email_pattern';

  override up(): void {
    this.addSql('create index if not exists account_email_pattern on account (lower(email) text_pattern_ops);');
  }

  override down(): void {
    this.addSql('drop index if exists account_email_pattern;');
  }
}
