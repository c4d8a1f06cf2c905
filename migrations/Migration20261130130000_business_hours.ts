import { Migration } from '@mikro-orm/migrations';

/**
 * Business hours and holidays (docs/rules.md#business-hours-and-holidays): the holiday calendar that
 * business-time SLAs skip, and each order's assignment deadline, stored at creation beside its
 * completion deadline (`sla_due_at`) so the workflow and the pages read the same instants.
 * Orders from before keep a null `assign_due_at`; their workflows count from creation on the wall clock as before.
 */
export class Migration20261130130000_business_hours extends Migration {
  override name = 'Migration20261130130000_business_hours';

  override up(): void {
    this.addSql(`create table "holiday" ("id" serial primary key, "day" date not null, "name" varchar(100) not null, "created_by_id" int null references "app_user" ("id") on update cascade on delete set null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "holiday" add constraint "holiday_day_unique" unique ("day");`);
    this.addSql(`create index "holiday_created_by_id_index" on "holiday" ("created_by_id");`);
    this.addSql(`alter table "service_order" add column "assign_due_at" timestamptz null;`);
  }

  override down(): void {
    this.addSql(`alter table "service_order" drop column "assign_due_at";`);
    this.addSql(`drop table if exists "holiday" cascade;`);
  }
}
