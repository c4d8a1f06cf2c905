import { Migration } from '@mikro-orm/migrations';

/**
 * Sign-in hardening (docs/rules.md#sign-in-and-sessions): one-time password-reset links,
 * and the indexes the nightly clean-up deletes by (expired tokens, old sign-in attempts).
 */
export class Migration20261130060000_auth_hardening extends Migration {
  override name = 'Migration20261130060000_auth_hardening';

  override up(): void {
    this.addSql(`create table "password_reset" ("id" serial primary key, "user_id" int not null, "nonce" varchar(64) not null, "token_hash" varchar(64) not null, "created_by_id" int null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "sent_at" timestamptz null, "used_at" timestamptz null);`);
    this.addSql(`create index "password_reset_user_id_index" on "password_reset" ("user_id");`);
    this.addSql(`create index "password_reset_created_by_id_index" on "password_reset" ("created_by_id");`);
    this.addSql(`alter table "password_reset" add constraint "password_reset_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "password_reset_expires_at_index" on "password_reset" ("expires_at");`);
    this.addSql(`alter table "password_reset" add constraint "password_reset_user_id_foreign" foreign key ("user_id") references "app_user" ("id");`);
    this.addSql(`alter table "password_reset" add constraint "password_reset_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`create index "login_attempt_attempted_at_index" on "login_attempt" ("attempted_at");`);
    this.addSql(`create index "api_token_expires_at_index" on "api_token" ("expires_at");`);
  }

  override down(): void {
    this.addSql(`drop index if exists "api_token_expires_at_index";`);
    this.addSql(`drop index if exists "login_attempt_attempted_at_index";`);
    this.addSql(`drop table if exists "password_reset" cascade;`);
  }
}
