import { Migration } from '@mikro-orm/migrations';

/**
 * The VIP consumption bar the nightly run used (docs/rules.md#vip), kept for the profile. The bar is a
 * percentile over every active account's average monthly usage: 13.8 s of PostgreSQL at 1,000,000
 * accounts, which each API process paid cold on its first profile (every request waited) and again every
 * 5 minutes. The profile now reads the nightly's value, one row per percentile setting; a tiny table.
 */
export class Migration20261130210000_consumption_bar extends Migration {
  override name = 'Migration20261130210000_consumption_bar';

  override up(): void {
    this.addSql(`create table consumption_bar (
      percentile smallint primary key,
      bar numeric null,
      computed_at timestamptz not null);`);
  }

  override down(): void {
    this.addSql(`drop table if exists consumption_bar;`);
  }
}
