import { Migration } from '@mikro-orm/migrations';

/**
 * The utility day whose nightly run computed the stored VIP consumption bar. The bar is a percentile over
 * the active accounts, and the run itself moves accounts to collection (out of that population), so a
 * second run the same day computed a different bar and rewrote hundreds of accounts' VIP status. A run
 * now computes the bar once per day and a rerun that day reuses it (domain/readings/consumption-bar.ts).
 * Null for a bar stored outside a nightly run (the load bench's stand-in).
 */
export class Migration20261203090000_consumption_bar_day extends Migration {
  override name = 'Migration20261203090000_consumption_bar_day';

  override up(): void {
    this.addSql('alter table consumption_bar add column if not exists day date null;');
  }

  override down(): void {
    this.addSql('alter table consumption_bar drop column if exists day;');
  }
}
