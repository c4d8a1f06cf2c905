import { Migration } from '@mikro-orm/migrations';

/**
 * The installation's identity (docs/architecture.md#one-namespace-one-deployment): one random id, made
 * when this database is first migrated. Every service-order workflow carries it in its memo, so an
 * installation pointed at a Temporal namespace another one uses refuses that one's workflows instead of
 * adopting them.
 */
export class Migration20261130080000_deployment_identity extends Migration {
  override name = 'Migration20261130080000_deployment_identity';

  override up(): void {
    this.addSql(`create table "deployment" ("id" uuid not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`insert into "deployment" ("id", "created_at") values (gen_random_uuid(), now());`);
  }

  override down(): void {
    this.addSql(`drop table if exists "deployment";`);
  }
}
