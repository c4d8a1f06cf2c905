import { Migration } from '@mikro-orm/migrations';

/**
 * Audit rows say where a write came from (docs/rules.md#roles-access-and-audit): `request_id`
 * was there for HTTP requests; worker writes now carry the Temporal workflow id or the
 * BullMQ job (`queue:id`). Older rows keep nulls: where they came from was not recorded.
 */
export class Migration20261130040000_audit_origin extends Migration {
  override name = 'Migration20261130040000_audit_origin';

  override up(): void {
    this.addSql(`alter table "audit_log" add "workflow_id" varchar(255) null, add "job_id" varchar(255) null;`);
  }

  override down(): void {
    this.addSql(`alter table "audit_log" drop column "workflow_id", drop column "job_id";`);
  }
}
