import { Migration } from '@mikro-orm/migrations';

/**
 * Estimated readings (docs/rules.md#estimated-readings): an estimate is kept for history once the next
 * actual reading replaces it, pointing at that reading (`superseded_by_id`, its consumption then
 * null). At most one estimate per meter and day, so a rerun of the nightly run writes nothing new.
 * The meter-reading order raised by three estimates in a row names the third (`source_reading_id`).
 */
export class Migration20261130120000_estimated_readings extends Migration {
  override name = 'Migration20261130120000_estimated_readings';

  override up(): void {
    this.addSql(`alter table "reading" add column "superseded_by_id" int null references "reading" ("id") on update cascade on delete set null;`);
    this.addSql(`create index "reading_superseded_by_id_index" on "reading" ("superseded_by_id") where "superseded_by_id" is not null;`);
    this.addSql(`create unique index "reading_estimate_per_meter_day" on "reading" ("meter_id", "read_at") where "source" = 'estimated';`);
    this.addSql(`create index "reading_open_estimates_index" on "reading" ("meter_id", "read_at") where "source" = 'estimated' and "superseded_by_id" is null;`);
  }

  override down(): void {
    this.addSql(`drop index "reading_open_estimates_index";`);
    this.addSql(`drop index "reading_estimate_per_meter_day";`);
    this.addSql(`drop index "reading_superseded_by_id_index";`);
    this.addSql(`alter table "reading" drop column "superseded_by_id";`);
  }
}
