import { Migration } from '@mikro-orm/migrations';

/**
 * Portal registrations (docs/rules.md#consumer-portal-identity): every registration request is a row,
 * matched or not, so the per-e-mail and per-account limits count them all. A matched request holds the
 * chosen password's hash and the nonce its one-time link is derived from (only the link's SHA-256 is
 * stored); confirming it makes the consumer user. An account has at most one active consumer.
 */
export class Migration20261130150000_portal_registration extends Migration {
  override name = 'Migration20261130150000_portal_registration';

  override up(): void {
    this.addSql(`create table "portal_registration" (
      "id" serial primary key,
      "email" varchar(254) not null,
      "account_number" varchar(20) not null,
      "account_id" int null references "account" ("id") on update cascade on delete cascade,
      "outcome" text not null check ("outcome" in ('confirm', 'email_in_use', 'account_taken', 'no_match')),
      "password_hash" varchar(255) null,
      "nonce" varchar(64) null,
      "token_hash" varchar(64) null unique,
      "created_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "used_at" timestamptz null,
      "user_id" int null references "app_user" ("id") on update cascade on delete set null,
      constraint "portal_registration_link_check" check (("outcome" = 'confirm') = ("token_hash" is not null and "nonce" is not null and "password_hash" is not null)));`);
    this.addSql(`create index "portal_registration_email_created_at_index" on "portal_registration" ("email", "created_at");`);
    this.addSql(`create index "portal_registration_account_number_created_at_index" on "portal_registration" ("account_number", "created_at");`);
    this.addSql(`create index "portal_registration_account_id_index" on "portal_registration" ("account_id");`);
    this.addSql(`create index "portal_registration_created_at_index" on "portal_registration" ("created_at");`);
    this.addSql(`create index "portal_registration_user_id_index" on "portal_registration" ("user_id") where "user_id" is not null;`);
    this.addSql(`create unique index "app_user_one_active_consumer_per_account" on "app_user" ("account_id") where "role" = 'consumer' and "active";`);
  }

  override down(): void {
    this.addSql(`drop index "app_user_one_active_consumer_per_account";`);
    this.addSql(`drop table if exists "portal_registration" cascade;`);
  }
}
