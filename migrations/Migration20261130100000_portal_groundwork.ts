import { Migration } from '@mikro-orm/migrations';

/**
 * Groundwork for the consumer portal and quiet hours (docs/rules.md): the `consumer` role, tied to
 * exactly one account (a staff user has none), and each account's own quiet hours (null: the
 * setting's default). Reading sources gain `customer` (submitted in the portal), `estimated` (written
 * by the nightly run) and `exchange` (a meter exchange's final and initial readings).
 */
export class Migration20261130100000_portal_groundwork extends Migration {
  override name = 'Migration20261130100000_portal_groundwork';

  override up(): void {
    this.addSql(`alter table "app_user" drop constraint "app_user_role_check";`);
    this.addSql(`alter table "app_user" add constraint "app_user_role_check" check ("role" in ('agent', 'dispatcher', 'admin', 'consumer'));`);
    this.addSql(`alter table "app_user" add column "account_id" int null references "account" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "app_user" add constraint "app_user_consumer_account_check" check (("role" = 'consumer') = ("account_id" is not null));`);
    this.addSql(`create index "app_user_account_id_index" on "app_user" ("account_id") where "account_id" is not null;`);
    this.addSql(`alter table "account" add column "quiet_hours_start" varchar(5) null, add column "quiet_hours_end" varchar(5) null;`);
    this.addSql(`alter table "account" add constraint "account_quiet_hours_check" check (("quiet_hours_start" is null) = ("quiet_hours_end" is null) and ("quiet_hours_start" is null or ("quiet_hours_start" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and "quiet_hours_end" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')));`);
  }

  override down(): void {
    this.addSql(`alter table "account" drop constraint "account_quiet_hours_check";`);
    this.addSql(`alter table "account" drop column "quiet_hours_start", drop column "quiet_hours_end";`);
    this.addSql(`delete from "app_user" where "role" = 'consumer';`);
    this.addSql(`alter table "app_user" drop constraint "app_user_consumer_account_check";`);
    this.addSql(`alter table "app_user" drop column "account_id";`);
    this.addSql(`alter table "app_user" drop constraint "app_user_role_check";`);
    this.addSql(`alter table "app_user" add constraint "app_user_role_check" check ("role" in ('agent', 'dispatcher', 'admin'));`);
  }
}
