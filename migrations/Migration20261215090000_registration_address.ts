import { Migration } from '@mikro-orm/migrations';

/**
 * The address each portal registration request came from, so requests can be limited per address too
 * (domain/portal/portal-registration.ts): every request hashes a password, and without a limit per
 * address one client could keep the server's hashing threads busy. Nullable: rows from before have none.
 */
export class Migration20261215090000_registration_address extends Migration {
  override name = 'Migration20261215090000_registration_address';

  override up(): void {
    this.addSql('alter table "portal_registration" add "ip_address" varchar(64) null;');
    this.addSql('create index "portal_registration_ip_address_created_at_index" on "portal_registration" ("ip_address", "created_at");');
  }

  override down(): void {
    this.addSql('drop index "portal_registration_ip_address_created_at_index";');
    this.addSql('alter table "portal_registration" drop column "ip_address";');
  }
}
