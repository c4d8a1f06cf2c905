import { Migration } from '@mikro-orm/migrations';

/**
 * Meter numbers by prefix for the search (docs/rules.md#search): `M-5678` finds meters whose number
 * starts so. The unique index compares by the database collation, which LIKE cannot use, so the
 * prefix went to the trigram index: 575 pages and 10 ms for one meter at 1,000,000 meters. A
 * pattern-ops index answers it in a few pages.
 */
export class Migration20261201095500_meter_number_pattern extends Migration {
  override name = 'Migration20261201095500_meter_number_pattern';

  override up(): void {
    this.addSql(`create index meter_number_pattern on meter (meter_number text_pattern_ops);`);
  }

  override down(): void {
    this.addSql(`drop index if exists meter_number_pattern;`);
  }
}
